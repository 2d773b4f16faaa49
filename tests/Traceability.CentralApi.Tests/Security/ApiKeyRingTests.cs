using System.Security.Claims;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Security;

namespace Traceability.CentralApi.Tests.Security;

public sealed class ApiKeyRingTests
{
    private readonly ApiKeyRing _ring = Ring(
        new ApiKeyEntry { Key = "line-key-0123456789", Role = "line", Id = "line-7" },
        new ApiKeyEntry { Key = "dealer-key-0123456789", Role = "Dealer", Id = "D-1" },
        new ApiKeyEntry { Key = "desk-key-0123456789", Role = "ServiceDesk" });

    [Fact]
    public void A_line_key_gives_the_line_role_and_its_line_id()
    {
        var identity = _ring.Identify("line-key-0123456789", "ApiKey");

        Assert.NotNull(identity);
        Assert.True(identity.IsAuthenticated);
        Assert.Equal("Line", identity.FindFirst(ClaimTypes.Role)?.Value);
        Assert.Equal("line-7", identity.FindFirst(CentralClaimTypes.LineId)?.Value);
        Assert.Null(identity.FindFirst(CentralClaimTypes.DealerId));
    }

    [Fact]
    public void A_dealer_key_gives_the_dealer_id_and_no_line()
    {
        var identity = _ring.Identify("dealer-key-0123456789", "ApiKey");

        Assert.Equal("D-1", identity?.FindFirst(CentralClaimTypes.DealerId)?.Value);
        Assert.Null(identity?.FindFirst(CentralClaimTypes.LineId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("line-key-012345678")]
    [InlineData("line-key-01234567890")]
    [InlineData("LINE-KEY-0123456789")]
    public void Anything_but_the_exact_key_is_unknown(string presented) => Assert.Null(_ring.Identify(presented, "ApiKey"));

    [Fact]
    public void A_staff_key_without_id_is_named_by_role_and_position()
    {
        var identity = _ring.Identify("desk-key-0123456789", "ApiKey");

        Assert.Equal("ServiceDesk", identity?.FindFirst(ClaimTypes.Role)?.Value);
        Assert.Equal("servicedesk-key-2", identity?.Name);
    }

    private static ApiKeyRing Ring(params ApiKeyEntry[] entries)
    {
        var options = new AuthOptions();
        foreach (var entry in entries)
        {
            options.ApiKeys.Add(entry);
        }

        return new ApiKeyRing(Options.Create(options));
    }
}
