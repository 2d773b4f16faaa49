using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Codes;

/// <summary>Registration of code verification, and the problem a refused code gets.</summary>
public static class CodeAuthenticationExtensions
{
    /// <summary>Binds <see cref="CodeSigningOptions"/> (validated at start) and registers <see cref="CodeAuthenticator"/>.</summary>
    public static IHostApplicationBuilder AddCodeAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CodeSigningOptions>()
            .Bind(builder.Configuration.GetSection(CodeSigningOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CodeSigningOptions>, CodeSigningOptionsValidator>();
        builder.Services.AddSingleton<CodeAuthenticator>();
        return builder;
    }

    /// <summary>
    /// A 400 validation problem naming <paramref name="field"/> for a code that is not a genuine signed unit code (the
    /// status goes in the <c>codeStatus</c> extension so clients can tell forged from unreadable).
    /// </summary>
    public static IResult ToProblem(this CodeCheck check, string field = "code")
    {
        ArgumentNullException.ThrowIfNull(check);
        return Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [check.Reason ?? "The code is not genuine."] },
            title: "The code was refused",
            extensions: new Dictionary<string, object?> { ["codeStatus"] = check.Status.ToString() });
    }
}
