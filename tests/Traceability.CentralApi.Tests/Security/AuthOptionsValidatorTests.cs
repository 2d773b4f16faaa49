using Microsoft.Extensions.Options;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Security;

public sealed class AuthOptionsValidatorTests
{
    private const string GoodKey = "0123456789abcdef";

    [Fact]
    public void Good_keys_of_every_role_pass()
    {
        var result = Validate(
            Entry(GoodKey + "1", "Line", "line-1"),
            Entry(GoodKey + "2", "dealer", "D-7"),
            Entry(GoodKey + "3", "Inspector"),
            Entry(GoodKey + "4", "ServiceDesk"),
            Entry(GoodKey + "5", "Admin"));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("", "Line", "line-1", "Auth:ApiKeys:1:Key is empty")]
    [InlineData("short-key", "Admin", null, "Auth:ApiKeys:1:Key is 9 characters; at least 16")]
    [InlineData(" 0123456789abcdefgh", "Admin", null, "Auth:ApiKeys:1:Key has leading or trailing white space")]
    [InlineData("0123456789abcdefgh", "Boss", null, "Auth:ApiKeys:1:Role 'Boss' is not one of Line, Dealer, Inspector, ServiceDesk, Admin, Partner")]
    [InlineData("0123456789abcdefgh", null, null, "Auth:ApiKeys:1:Role '' is not one of")]
    [InlineData("0123456789abcdefgh", "Line", null, "Auth:ApiKeys:1:Id is required for role Line (the line id)")]
    [InlineData("0123456789abcdefgh", "Dealer", " ", "Auth:ApiKeys:1:Id is required for role Dealer (the dealer id)")]
    public void A_bad_entry_is_refused_naming_its_index(string key, string? role, string? id, string expected)
    {
        var result = Validate(Entry(GoodKey, "Admin"), Entry(key, role, id));

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_names_both_entries_but_not_the_key()
    {
        var result = Validate(Entry(GoodKey, "Admin"), Entry("another-key-0123456789", "Inspector"), Entry(GoodKey, "Line", "line-1"));

        Assert.True(result.Failed);
        Assert.Contains("Auth:ApiKeys:2:Key is the same as Auth:ApiKeys:0:Key", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(GoodKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_key_stops_central_at_start_naming_the_index_as_configured()
    {
        var ex = Assert.IsType<OptionsValidationException>(await StartupProbe.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Key"] = "admin-key-0123456789",
            ["Auth:ApiKeys:0:Role"] = "Admin",
            ["Auth:ApiKeys:40:Key"] = "too-short",
            ["Auth:ApiKeys:40:Role"] = "Admin",
        }));

        Assert.Contains("Auth:ApiKeys:40:Key is 9 characters", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", ex.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(params ApiKeyEntry[] entries)
    {
        var options = new AuthOptions();
        foreach (var entry in entries)
        {
            options.ApiKeys.Add(entry);
        }

        return new AuthOptionsValidator().Validate(null, options);
    }

    private static ApiKeyEntry Entry(string key, string? role, string? id = null) => new() { Key = key, Role = role, Id = id };
}
