using System.Security.Cryptography;
using System.Text;

namespace Kaya.Web;

/// <summary>
/// The pages' only style sheet, inline, allowed by its hash in the Content-Security-Policy, so that the page needs no
/// request beyond its own and no <c>'unsafe-inline'</c>. Elements carry classes, never <c>style=</c> attributes (the
/// policy would block them).
/// </summary>
internal static class PageStyle
{
    public const string Css = """
        :root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--accent:#0969da}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1400px;padding:16px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:#fff}
        h1{font-size:20px;margin:0 0 4px}
        h1 .badge{vertical-align:middle;margin-left:8px}
        h2{font-size:16px;margin:24px 0 8px}
        a{color:var(--accent)}
        .summary{margin:0 0 4px}
        .summary span{white-space:nowrap;margin-right:12px}
        .muted,.sub{color:var(--muted)}
        .sub{display:block;font-size:12px}
        nav{margin-bottom:8px;font-size:13px}
        table{border-collapse:collapse;width:100%}
        th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
        th{background:var(--head);font-weight:600;white-space:nowrap;font-size:13px}
        th a{color:inherit;text-decoration:none}
        th a:hover{text-decoration:underline}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.host{font-weight:600}
        .reason{min-width:12em;max-width:32em;white-space:normal;overflow-wrap:anywhere;font-size:13px}
        .badge{display:inline-block;min-width:5.2em;padding:1px 8px;border:1px solid;border-radius:10px;font-size:12px;font-weight:600;text-align:center;white-space:nowrap}
        .ok{background:#dafbe1;color:#116329;border-color:#4ac26b}
        .stale{background:#fff8c5;color:#7d4e00;border-color:#d4a72c}
        .failing{background:#ffebe9;color:#a40e26;border-color:#ff8182}
        .running{background:#ddf4ff;color:#0550ae;border-color:#54aeff}
        .never,.disabled{background:#f6f8fa;color:#59636e;border-color:#d1d9e0}
        .disabled{border-style:dashed}
        .plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,380px),1fr));gap:16px}
        figure{margin:0}
        figcaption{font-weight:600;font-size:13px;margin-bottom:2px}
        svg.plot{display:block;width:100%;height:auto}
        .plot text{font-size:12px;fill:var(--muted)}
        .plot .grid{stroke:#eaeef2}
        .plot .axis{stroke:#8c959f}
        .plot .line{fill:none;stroke:var(--accent);stroke-width:1.5}
        .plot .point{fill:var(--accent)}
        .plot .bar{fill:#54aeff}
        .plot .failure,.plot .key{fill:#cf222e}
        .plot .empty{font-size:13px}
        footer{margin-top:20px;font-size:12px;color:var(--muted)}
        @media screen and (max-width:760px){
        body{padding:10px}
        .cards,.cards tbody,.cards tr,.cards td{display:block;width:100%}
        .cards thead{display:block}
        .cards thead tr{display:flex;flex-wrap:wrap;gap:4px}
        .cards th{border:1px solid var(--line);border-radius:4px;padding:1px 6px}
        .cards tr{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px 0}
        .cards td{display:flex;gap:8px;border:0;padding:2px 10px;text-align:left;white-space:normal;max-width:none}
        .cards td::before{content:attr(data-label);flex:0 0 8em;color:var(--muted);font-weight:400}
        .cards td>div{min-width:0;overflow-wrap:anywhere}
        .cards td:has(>div:empty){display:none}
        }
        @media print{
        body{max-width:none;padding:0;font-size:10px}
        a{color:inherit;text-decoration:none}
        nav,.noprint{display:none}
        th{background:none}
        th,td{padding:3px 4px}
        .badge{background:none;color:#000;border-color:#000}
        .plots{display:block}
        figure,tr{break-inside:avoid}
        }
        """;

    /// <summary>The CSP source that allows exactly <see cref="Css"/>.</summary>
    public static readonly string Hash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'";

    /// <summary>
    /// default-src 'none': no script, image, font or connection at all; only the one style sheet. form-action,
    /// base-uri and frame-ancestors do not fall back to default-src, so they are closed by name.
    /// </summary>
    public static readonly string ContentSecurityPolicy = $"default-src 'none'; style-src {Hash}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The policy as a meta element can state it: browsers ignore frame-ancestors there (and say so).</summary>
    public static readonly string MetaContentSecurityPolicy = $"default-src 'none'; style-src {Hash}; base-uri 'none'; form-action 'none'";
}
