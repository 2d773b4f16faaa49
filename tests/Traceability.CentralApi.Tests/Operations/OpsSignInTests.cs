using System.Net;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Operations;

/// <summary>Signing in to the operations page with an API key, the session cookie it gets, and signing out.</summary>
public sealed class OpsSignInTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
    private readonly CentralApiFactory _factory;
    private readonly OpsStory _story;

    public OpsSignInTests()
    {
        _factory = new CentralApiFactory { Time = _time };
        _story = new OpsStory(_factory);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Without_a_session_the_page_sends_the_browser_to_the_sign_in_form_and_back()
    {
        using var browser = _story.Browser();

        using var page = await browser.GetAsync(new Uri("/ops/dealers/GD-1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/ops/sign-in?returnUrl=%2Fops%2Fdealers%2FGD-1", page.Headers.Location!.OriginalString);
        using var signedIn = await OpsStory.SignInAsync(browser, CentralApiFactory.AdminKey, "/ops/dealers/GD-1");
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/ops/dealers/GD-1", signedIn.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("not-a-key-central-knows-at-all", HttpStatusCode.Unauthorized, "That is not a key central knows.")]
    [InlineData(CentralApiFactory.ServiceDeskKey, HttpStatusCode.Forbidden, "A key of role ServiceDesk may not open the operations page; sign in with an Admin key.")]
    [InlineData(CentralApiFactory.DealerKey, HttpStatusCode.Forbidden, "A key of role Dealer may not open the operations page; sign in with an Admin key.")]
    public async Task A_wrong_or_non_admin_key_gets_the_form_again_with_the_reason_and_no_session(string key, HttpStatusCode status, string message)
    {
        using var browser = _story.Browser();

        using var refused = await OpsStory.SignInAsync(browser, key);

        Assert.Equal(status, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"<p class=\"message error\" id=\"message\" role=\"alert\">{message}</p>", html, StringComparison.Ordinal);
        Assert.Contains("<form class=\"sign-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("traceability-ops=", StringComparison.Ordinal));
        using var page = await browser.GetAsync(new Uri("/ops", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task An_admin_key_signs_in_to_an_http_only_strict_cookie_that_carries_a_session_not_the_key()
    {
        using var browser = _story.Browser();

        using var signedIn = await OpsStory.SignInAsync(browser, CentralApiFactory.AdminKey);

        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/ops", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("traceability-ops=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/ops", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here; over HTTPS it is Secure
        Assert.DoesNotContain(CentralApiFactory.AdminKey, Uri.UnescapeDataString(cookie), StringComparison.Ordinal);
        using var page = await browser.GetAsync(new Uri("/ops", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<span id=\"signed-in-as\">admin-key-0</span>", html, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_forms_token_is_refused_and_starts_no_session()
    {
        using var browser = _story.Browser();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = CentralApiFactory.AdminKey });

        using var refused = await browser.PostAsync(new Uri("/ops/sign-in", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("did not come from this page", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var page = await browser.GetAsync(new Uri("/ops", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_no_longer_opens_the_page()
    {
        using var browser = _story.Browser();
        using var signedIn = await OpsStory.SignInAsync(browser, CentralApiFactory.AdminKey);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("traceability-ops=", StringComparison.Ordinal)).Split(';')[0];
        var page = await browser.GetStringAsync(new Uri("/ops", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = OpsStory.Token(page) });

        using var signedOut = await browser.PostAsync(new Uri("/ops/sign-out", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        Assert.Equal("/ops/sign-in?signedOut=1", signedOut.Headers.Location!.OriginalString);
        using var copied = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/ops");
        replay.Headers.Add("Cookie", session);
        using var replayed = await copied.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
    }

    [Fact]
    public async Task A_session_ends_when_its_lifetime_is_over()
    {
        using var browser = _story.Browser();
        using var signedIn = await OpsStory.SignInAsync(browser, CentralApiFactory.AdminKey);

        _time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        using var before = await browser.GetAsync(new Uri("/ops", UriKind.Relative));
        _time.Advance(TimeSpan.FromMinutes(2));
        using var after = await browser.GetAsync(new Uri("/ops", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Redirect), (before.StatusCode, after.StatusCode));
        Assert.Equal("/ops/sign-in?returnUrl=%2Fops", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_script_with_an_admin_api_key_opens_the_page_and_other_keys_get_the_apis_problems()
    {
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var wrong = _factory.HttpClient("not-a-key-central-knows-at-all");

        using var page = await admin.GetAsync(new Uri("/ops", UriKind.Relative));
        using var forbidden = await desk.GetAsync(new Uri("/ops", UriKind.Relative));
        using var unauthorized = await wrong.GetAsync(new Uri("/ops", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (forbidden.StatusCode, unauthorized.StatusCode));
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType!.MediaType);
    }
}
