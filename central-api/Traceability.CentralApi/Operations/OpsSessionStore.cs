using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;

namespace Traceability.CentralApi.Operations;

/// <summary>
/// The operations sessions, in memory: the cookie carries only a random session id (256 bits, inside the cookie
/// handler's protected ticket), never the API key or the claims. A session ends at its expiry, at sign-out, or when
/// central restarts (then everyone signs in again, which for a handful of admins is cheaper than a sessions table).
/// </summary>
internal sealed class OpsSessionStore(TimeProvider time) : ITicketStore
{
    private readonly ConcurrentDictionary<string, AuthenticationTicket> _sessions = new(StringComparer.Ordinal);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Sweep();
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _sessions[id] = ticket;
        return Task.FromResult(id);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        // Only a session that still exists is renewed: a renewal racing a sign-out must not bring it back.
        if (_sessions.TryGetValue(key, out var current))
        {
            _sessions.TryUpdate(key, ticket, current);
        }

        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!_sessions.TryGetValue(key, out var ticket))
        {
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        if (IsExpired(ticket))
        {
            _sessions.TryRemove(key, out _);
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        return Task.FromResult<AuthenticationTicket?>(ticket);
    }

    public Task RemoveAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private bool IsExpired(AuthenticationTicket ticket) => ticket.Properties.ExpiresUtc is not { } expires || expires <= time.GetUtcNow();

    private void Sweep()
    {
        foreach (var (key, ticket) in _sessions)
        {
            if (IsExpired(ticket))
            {
                _sessions.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>The cookie scheme's settings that depend on services (the session store, the clock, the lifetime).</summary>
internal sealed class OpsCookieSetup(OpsSessionStore sessions, TimeProvider time, Microsoft.Extensions.Options.IOptions<OperationsOptions> options)
    : Microsoft.Extensions.Options.IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public void Configure(string? name, CookieAuthenticationOptions cookie)
    {
        if (name != OpsAuthentication.CookieScheme)
        {
            return;
        }

        cookie.SessionStore = sessions;
        cookie.TimeProvider = time;
        cookie.ExpireTimeSpan = options.Value.SessionLifetime;
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
}
