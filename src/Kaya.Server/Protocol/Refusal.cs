using Microsoft.AspNetCore.Http;

namespace Kaya.Server.Protocol;

/// <summary>
/// Every way the protocol says no, and the one place that turns it into an HTTP answer (STATUS-1):
/// the status, a body of the status text and a newline (as rest-server sends), and for 405 the
/// methods that would have worked.
/// </summary>
public static class Refusal
{
    public const string AllowCreate = "POST";
    public const string AllowList = "GET";
    public const string AllowFile = "HEAD, GET, POST, DELETE";

    public static Task WriteAsync(HttpContext context, int status, string? allow = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (allow is not null) response.Headers.Allow = allow;
        if (context.Request.Method == HttpMethods.Head) return Task.CompletedTask;

        var body = ReasonPhrase(status) + "\n";
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = body.Length;
        return response.WriteAsync(body, context.RequestAborted);
    }

    public static string ReasonPhrase(int status) => status switch
    {
        StatusCodes.Status416RangeNotSatisfiable => "Requested Range Not Satisfiable",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    public static Task Unauthorized(HttpContext c) => WriteAsync(c, StatusCodes.Status401Unauthorized);
    public static Task Forbidden(HttpContext c) => WriteAsync(c, StatusCodes.Status403Forbidden);
    public static Task NotFound(HttpContext c) => WriteAsync(c, StatusCodes.Status404NotFound);
    public static Task BadRequest(HttpContext c) => WriteAsync(c, StatusCodes.Status400BadRequest);
    public static Task MethodNotAllowed(HttpContext c, string allow) => WriteAsync(c, StatusCodes.Status405MethodNotAllowed, allow);
    public static Task InsufficientStorage(HttpContext c) => WriteAsync(c, StatusCodes.Status507InsufficientStorage);
    public static Task InternalError(HttpContext c) => WriteAsync(c, StatusCodes.Status500InternalServerError);
}
