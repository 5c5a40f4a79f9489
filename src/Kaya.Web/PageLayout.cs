using System.Text;

namespace Kaya.Web;

/// <summary>The frame of every page: doctype, viewport for phones, the hashed style sheet, the footer.</summary>
internal static class PageLayout
{
    /// <param name="title">plain text; encoded here</param>
    /// <param name="body">HTML, already encoded by its writer</param>
    /// <param name="inlinePolicy">also state the policy in a meta element: a static file gets no header from whatever serves it</param>
    public static string Render(string title, string body, FleetSnapshot snapshot, bool inlinePolicy = false)
    {
        var html = new StringBuilder(body.Length + PageStyle.Css.Length + 600);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append(inlinePolicy ? $"<meta http-equiv=\"Content-Security-Policy\" content=\"{PageStyle.MetaContentSecurityPolicy}\">\n" : "")
            .Append("<title>").Append(PageFormat.Html(title)).Append("</title>\n")
            .Append("<style>").Append(PageStyle.Css).Append("</style>\n</head>\n<body>\n")
            .Append(body)
            .Append("<footer>Generated ").Append(PageFormat.Time(snapshot.GeneratedAt, snapshot.TimeZone)).Append(' ')
            .Append(PageFormat.Html(snapshot.TimeZone.Id)).Append(" by kaya ").Append(PageFormat.Html(Orchestrator.History.KayaVersion.Current))
            .Append(". Times are in ").Append(PageFormat.Html(snapshot.TimeZone.Id)).Append(".</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string Badge(string state) => $"<span class=\"badge {state}\">{state}</span>";
}
