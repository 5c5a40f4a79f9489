using Kaya.Server.Access;
using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kaya.Server.Protocol;

/// <summary>
/// The restic REST protocol: one request in, one answer out. Order matters for the status a client
/// sees (ORDER-1): authentication, then the path, then the private-repository rule, then the method.
/// </summary>
public sealed partial class ResticProtocol
{
    public const string V2MediaType = "application/vnd.x.restic.rest.v2";
    public const string V1MediaType = "application/vnd.x.restic.rest.v1";

    private readonly IRepositoryStore _store;
    private readonly IAuthenticator? _authenticator;
    private readonly RunCredentials? _runs;
    private readonly IRepositoryPolicyProvider _policies;
    private readonly ServerQuota? _quota;
    private readonly BlobMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly ISnapshotLedger? _ledger;
    private readonly TimeProvider _time;

    /// <param name="authenticator">users besides run credentials (the htpasswd file), or null</param>
    /// <param name="runs">run credentials, checked first, or null; with both null there is no authentication (--no-auth) and every caller is user "".</param>
    /// <param name="ledger">told of each committed snapshot before its 200, or null</param>
    /// <param name="time">the clock for arrival times; null: the system clock</param>
    public ResticProtocol(IRepositoryStore store, IAuthenticator? authenticator, RunCredentials? runs, IRepositoryPolicyProvider policies, ServerQuota? quota, BlobMetrics? metrics, ILogger logger,
        ISnapshotLedger? ledger = null, TimeProvider? time = null)
    {
        _ledger = ledger;
        _time = time ?? TimeProvider.System;
        _store = store;
        _authenticator = authenticator;
        _runs = runs;
        _policies = policies;
        _quota = quota;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The caller's user name, or null when the request must be answered 401 (AUTH-1).</summary>
    public string? Authenticate(HttpRequest request) => Identify(request)?.User;

    private bool AuthenticationOn => _authenticator is not null || _runs is not null;

    private Caller? Identify(HttpRequest request)
    {
        if (!AuthenticationOn) return new Caller("", null);
        if (!BasicCredentials.TryParse(request.Headers.Authorization, out var credentials)) return null;
        if (_runs?.Find(credentials.User, credentials.Password) is { } grant) return new Caller(credentials.User, grant);
        return _authenticator?.Validate(credentials.User, credentials.Password) == true ? new Caller(credentials.User, null) : null;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var caller = Identify(request);
        if (caller is null)
        {
            await Refusal.Unauthorized(context);
            return;
        }

        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        var target = RequestTarget.Parse(RequestTarget.DecodePath(request.Path.Value ?? "", rawTarget));
        if (target is null)
        {
            LogInvalidPath(request.Path.Value);
            await Refusal.NotFound(context);
            return;
        }

        var policy = caller.Grant?.Policy ?? _policies.For(target.Repository);
        // PRIV-1: the first folder must be the user's own name; without authentication there is no user to compare.
        // RUN-1: a run's credentials reach their own repository only.
        if ((policy.Private && AuthenticationOn && target.Repository.Owner != caller.User)
            || (caller.Grant is { } grant && !grant.Repository.Equals(target.Repository)))
        {
            await Refusal.Unauthorized(context);
            return;
        }

        var call = new Call(context, caller.User, caller.Grant, target, policy);
        try
        {
            await DispatchAsync(call);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is IOException or OperationCanceledException)
        {
            // The client went away (or the server is stopping): an upload's temporary is already gone.
            LogAborted(request.Method, request.Path.Value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // STATUS-2: a fault is never "not there" or "empty": 507 when the store is full, else 500,
            // logged with the path, the errno and the exception itself.
            var full = Errno.IsOutOfSpace(e);
            if (full) LogStorageFull(e, request.Method, request.Path.Value, Errno.Of(e));
            else LogStorageError(e, request.Method, request.Path.Value, Errno.Of(e));
            if (context.Response.HasStarted)
            {
                // A listing or a read cut short must not end like a complete answer.
                context.Abort();
                return;
            }
            await (full ? Refusal.InsufficientStorage(context) : Refusal.InternalError(context));
        }
    }

    private Task DispatchAsync(Call call)
    {
        var method = call.Context.Request.Method;
        switch (call.Target.Kind)
        {
            case TargetKind.Repository:
                return HttpMethods.IsPost(method) ? CreateRepositoryAsync(call) : Refusal.MethodNotAllowed(call.Context, Refusal.AllowCreate);
            case TargetKind.List:
                return HttpMethods.IsGet(method) ? ListAsync(call) : Refusal.MethodNotAllowed(call.Context, Refusal.AllowList);
            default:
                var key = call.Target.Kind == TargetKind.Config ? ObjectKey.Config : ObjectKey.Object(call.Target.Type, call.Target.Id);
                if (HttpMethods.IsHead(method)) return HeadAsync(call, key);
                if (HttpMethods.IsGet(method)) return GetAsync(call, key);
                if (HttpMethods.IsPost(method)) return UploadAsync(call, key);
                if (HttpMethods.IsDelete(method)) return DeleteAsync(call, key);
                return Refusal.MethodNotAllowed(call.Context, Refusal.AllowFile);
        }
    }

    /// <summary>CREATE-1: <c>POST {repo}/?create=true</c> makes the folders, idempotently, in every mode.</summary>
    private async Task CreateRepositoryAsync(Call call)
    {
        if (call.Context.Request.Query["create"] != "true")
        {
            await Refusal.BadRequest(call.Context);
            return;
        }
        if (call.Policy.ReadOnly)
        {
            await Refusal.Forbidden(call.Context);
            return;
        }
        await _store.CreateRepositoryAsync(call.Target.Repository, call.Context.RequestAborted);
        Ok(call.Context);
    }

    /// <summary>
    /// DELETE-1: deleting answers 200 also when nothing was there. APPEND-2: append-only refuses every
    /// delete but of a lock, whether or not the file exists. RUN-1: read-only refuses every delete but
    /// of a lock the caller's run created.
    /// </summary>
    private async Task DeleteAsync(Call call, ObjectKey key)
    {
        var isLock = !key.IsConfig && key.Type == ObjectType.Locks;
        if ((call.Policy.AppendOnly && !isLock) || (call.Policy.ReadOnly && !(isLock && (call.Grant is null || call.Grant.Created(key.Id)))))
        {
            await Refusal.Forbidden(call.Context);
            return;
        }
        var removed = await _store.DeleteAsync(call.Target.Repository, key, call.Context.RequestAborted);
        if (isLock) call.Grant?.ForgetLock(key.Id);
        if (removed is { } size)
        {
            (call.Grant?.Quota ?? _quota?.Measured(call.Target.Repository))?.Release(size);
            if (!key.IsConfig) _metrics?.Deleted(call.User, call.Target.Repository, key.Type, size);
        }
        Ok(call.Context);
    }

    /// <summary>SUCCESS-1: every success is exactly 200 with an empty body; restic treats 201 or 204 as failure.</summary>
    private static void Ok(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    private readonly record struct Call(HttpContext Context, string User, RunGrant? Grant, RequestTarget Target, RepositoryPolicy Policy);

    private sealed record Caller(string User, RunGrant? Grant);
}
