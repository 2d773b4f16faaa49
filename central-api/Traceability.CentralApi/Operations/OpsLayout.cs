namespace Traceability.CentralApi.Operations;

/// <summary>
/// The frame of every operations page: a header with the signed-in name and the sign-out button, then the content.
/// Plain HTML and inline CSS, no script: one column on a phone, two on a desk screen; wide tables scroll on their own.
/// </summary>
internal static class OpsLayout
{
    private const string Style = """
        :root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--accent:#0b5cad;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:var(--bg);color:var(--fg);line-height:1.4}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.6rem 1rem;background:#0d1b2a;color:#fff}
        header h1{font-size:1.15rem;margin:0;flex:1 1 auto}
        header a{color:#fff}
        header form{margin:0}
        main{max-width:90rem;margin:0 auto;padding:1rem}
        .grid{display:grid;grid-template-columns:1fr;gap:1rem}
        @media (min-width:64rem){.grid{grid-template-columns:1fr 1fr}.wide{grid-column:1/-1}}
        section{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;min-width:0}
        h2{font-size:1.1rem;margin:.2rem 0 .6rem}
        h3{font-size:1rem;margin:.8rem 0 .4rem}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{color:var(--muted);font-weight:600;white-space:nowrap}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td form{margin:0}
        button{font:inherit;padding:.3rem .7rem;border:1px solid var(--accent);border-radius:.35rem;background:var(--accent);color:#fff;cursor:pointer}
        button.quiet{background:transparent;border-color:#fff;color:#fff}
        .counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 .75rem}
        .counts li{border:1px solid var(--line);border-radius:.4rem;padding:.3rem .6rem;background:var(--bg)}
        .counts .n{font-weight:700;font-size:1.2rem;margin-right:.3rem}
        .muted{color:var(--muted)}
        .tier{font-weight:600;white-space:nowrap}
        .tier-below_cost{color:var(--bad)}.tier-under_30{color:#bc4c00}.tier-under_15{color:var(--warn)}.tier-unauthorized{color:var(--accent)}
        .message{padding:.6rem .8rem;border-radius:.4rem;background:#fff1e5;border:1px solid #ffb77c}
        .message.error{background:#ffebe9;border-color:#ff8182}
        svg.chart{width:100%;max-width:28rem;height:auto;display:block;margin:.25rem 0 .5rem;font-size:12px}
        @media (max-width:40rem){
          table.cards thead{display:none}
          table.cards tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
          table.cards td{display:block;border:0;padding:.1rem 0;text-align:left}
          table.cards td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-weight:600}
        }
        svg.chart .label{fill:var(--fg)}
        svg.chart a .label{fill:var(--accent);text-decoration:underline}
        svg.chart .value{fill:var(--muted)}
        svg.chart .track{fill:#eaeef2}
        svg.chart .fill{fill:var(--ok)}
        .segment.activations{fill:#d97706}.segment.inspections{fill:#7c3aed}.segment.testbuys{fill:#cf222e}
        .legend{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:0 0 .5rem;font-size:.85rem}
        .legend span{display:inline-block;width:.8rem;height:.8rem;border-radius:.15rem;margin-right:.3rem;vertical-align:-.1rem}
        .legend .activations{background:#d97706}.legend .inspections{background:#7c3aed}.legend .testbuys{background:#cf222e}
        form.sign-in{display:grid;gap:.6rem;max-width:24rem}
        form.sign-in input[type=password]{font:inherit;padding:.45rem;border:1px solid var(--line);border-radius:.35rem;width:100%}
        """;

    /// <summary>A whole page. <paramref name="signedInAs"/> and <paramref name="form"/>: the header shows who and a sign-out button.</summary>
    public static string Page(string title, string? signedInAs, OpsForm? form, int refreshSeconds, Action<OpsHtml> content)
    {
        var html = new OpsHtml()
            .Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (refreshSeconds > 0)
        {
            html.Raw("<meta http-equiv=\"refresh\" content=\"").Number(refreshSeconds).Raw("\">\n");
        }

        html.Raw("<title>").Text(title).Raw(" · Traceability</title>\n<style>").Raw(Style).Raw("</style>\n</head>\n<body>\n<header>\n<h1><a href=\"")
            .Raw(OpsPaths.Home).Raw("\">Brand operations</a></h1>\n");
        if (signedInAs is not null)
        {
            html.Raw("<span id=\"signed-in-as\">").Text(signedInAs).Raw("</span>\n");
            if (form is not null)
            {
                html.PostButton(OpsPaths.SignOut, form, "Sign out", "quiet");
            }
        }

        html.Raw("\n</header>\n<main>\n");
        content(html);
        return html.Raw("\n</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>The sign-in form; <paramref name="message"/> says why the last attempt was refused.</summary>
    public static string SignIn(OpsForm form, string? returnUrl, string? message, bool error) => Page("Sign in", null, null, 0, html =>
    {
        html.Raw("<section>\n<h2>Sign in</h2>\n<p class=\"muted\">Enter an Admin API key (<code>Auth:ApiKeys</code>). The key is checked once; ")
            .Raw("the browser keeps only a session cookie.</p>\n");
        if (message is not null)
        {
            html.Raw("<p class=\"message").Raw(error ? " error" : "").Raw("\" id=\"message\" role=\"alert\">").Text(message).Raw("</p>\n");
        }

        html.Raw("<form class=\"sign-in\" method=\"post\" action=\"").Raw(OpsPaths.SignIn).Raw("\">\n");
        form.Write(html);
        if (returnUrl is not null)
        {
            html.Raw("<input type=\"hidden\" name=\"returnUrl\" value=\"").Text(returnUrl).Raw("\">\n");
        }

        html.Raw("<label for=\"apiKey\">API key</label>\n")
            .Raw("<input type=\"password\" id=\"apiKey\" name=\"apiKey\" autocomplete=\"off\" required autofocus>\n")
            .Raw("<button type=\"submit\">Sign in</button>\n</form>\n</section>\n");
    });

    /// <summary>A page that only says something (not found, a refused form).</summary>
    public static string Message(string title, string message, string? signedInAs, OpsForm? form) => Page(title, signedInAs, form, 0, html =>
        html.Raw("<section>\n<h2>").Text(title).Raw("</h2>\n<p class=\"message error\" id=\"message\">").Text(message)
            .Raw("</p>\n<p><a href=\"").Raw(OpsPaths.Home).Raw("\">Back to the operations page</a></p>\n</section>\n"));
}
