using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Kaya.Server.Protocol;

public sealed partial class ResticProtocol
{
    // Wait for this much body before handing it on: fewer, larger steps, and still well under Kestrel's
    // 1 MiB request buffer (MaxRequestBufferSize), so the reader never waits on a paused writer.
    private const int UploadChunk = 256 * 1024;

    /// <summary>
    /// UPLOAD-1: the body streams into a temporary file and is hashed on the way (VERIFY-1, no second
    /// read); only a complete, verified, fsync'd file is published under its name, and then 200.
    /// NOOVERWRITE-1: a different file under an existing name is refused with 403; the same bytes
    /// again answer 200 and change nothing (NOOVERWRITE-2, so a retry after a lost answer succeeds).
    /// </summary>
    private async Task UploadAsync(Call call, ObjectKey key)
    {
        var context = call.Context;
        var ct = context.RequestAborted;
        var repo = call.Target.Repository;
        var announced = context.Request.ContentLength;
        var isLock = !key.IsConfig && key.Type == ObjectType.Locks;
        if (call.Policy.ReadOnly && !isLock)
        {
            // RUN-1: a read-only run may write its locks and nothing else.
            await Refusal.Forbidden(context);
            return;
        }

        // A different length under an existing name can never be the same file: refuse unread. A store
        // that skips the lookup (a round trip to S3) learns of an existing object from its commit instead.
        var lookup = _store.LookupBeforeUpload;
        var existing = lookup ? await _store.GetSizeAsync(repo, key, ct) : null;
        if (existing is { } size && announced is { } length && size != length)
        {
            LogConflict(context.Request.Path.Value);
            await Refusal.Forbidden(context);
            return;
        }

        // A possible identical re-upload can add nothing, so it needs no quota (NOOVERWRITE-2).
        var quota = existing is null ? call.Grant?.Quota ?? (_quota is null ? null : await _quota.ForAsync(repo, ct)) : null;
        long reserved = 0;
        IObjectUpload? upload = null;
        if (quota is not null && announced is { } wanted)
        {
            if (!lookup && !quota.HasRoom(wanted) && await _store.GetSizeAsync(repo, key, ct) is { } stored)
            {
                // Full, and the name exists: only the same bytes again can succeed, and they add nothing.
                if (stored != wanted)
                {
                    LogConflict(context.Request.Path.Value);
                    await Refusal.Forbidden(context);
                    return;
                }
                quota = null;
            }
            // QUOTA-2: refused before a temporary file exists, so nothing is left behind.
            else if (!quota.TryReserve(wanted))
            {
                LogQuota(context.Request.Path.Value, quota.Limit);
                await Refusal.InsufficientStorage(context);
                return;
            }
            else
            {
                reserved = wanted;
            }
        }

        // Receives, checks and commits the body; the status to refuse with, or null when done. The
        // answer is written only after the quota is settled and the temporary file is gone, so a client
        // that retries at once finds the room of its failed attempt free again.
        async Task<int?> ReceiveAsync()
        {
            upload = await _store.BeginUploadAsync(repo, key, announced, ct);
            // A store that checks the name itself saves the second SHA-256 pass over every body.
            using var hash = call.Policy.VerifyUploads && !key.IsConfig && !upload.ChecksName ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            var reader = context.Request.BodyReader;
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAtLeastAsync(UploadChunk, ct);
                }
                catch (BadHttpRequestException)
                {
                    // UPLOAD-3: the body ended before Content-Length; nothing is kept.
                    return StatusCodes.Status400BadRequest;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    if (quota is not null && upload.Written + buffer.Length > reserved)
                    {
                        var more = upload.Written + buffer.Length - reserved;
                        if (!quota.TryReserve(more))
                        {
                            reader.AdvanceTo(buffer.End);
                            LogQuota(context.Request.Path.Value, quota.Limit);
                            return StatusCodes.Status507InsufficientStorage;
                        }
                        reserved += more;
                    }
                    await WriteAsync(upload, hash, buffer, ct);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled) break;
            }

            if (announced is { } expected && upload.Written != expected) return StatusCodes.Status400BadRequest;
            if (hash is not null && !HashMatches(hash, key.Id)) return await RefuseMismatchAsync();

            switch (await upload.CommitAsync(ct))
            {
                case CommitOutcome.NotItsName:
                    return await RefuseMismatchAsync();
                case CommitOutcome.Conflict:
                    LogConflict(context.Request.Path.Value);
                    return StatusCodes.Status403Forbidden;
                case CommitOutcome.Stored:
                    if (isLock && call.Grant is { } grant && !grant.RecordLock(key.Id))
                    {
                        // RUN-2: the run ended while this lock was on its way; take it back as the revocation would have.
                        if (await _store.DeleteAsync(repo, key, CancellationToken.None) is { } removed) quota?.Release(removed);
                        return StatusCodes.Status401Unauthorized;
                    }
                    if (!key.IsConfig) _metrics?.Written(call.User, repo, key.Type, upload.Written);
                    // Only a first commit is an arrival: an identical re-upload must not re-date a snapshot.
                    if (_ledger is not null && !key.IsConfig && key.Type == ObjectType.Snapshots)
                        await _ledger.RecordAsync(new SnapshotCommit(repo, key.Id, _time.GetUtcNow(), call.Grant?.RunId, upload.Written, call.Grant?.HostKeyFingerprint), ct);
                    break;
            }
            return null;
        }

        async Task<int?> RefuseMismatchAsync()
        {
            // Without the lookup before, a different body under an existing name is still a conflict (NOOVERWRITE-1).
            if (!lookup && await _store.GetSizeAsync(repo, key, ct) is not null)
            {
                LogConflict(context.Request.Path.Value);
                return StatusCodes.Status403Forbidden;
            }
            LogHashMismatch(context.Request.Path.Value);
            return StatusCodes.Status400BadRequest;
        }

        int? refusal;
        try
        {
            refusal = await ReceiveAsync();
        }
        finally
        {
            // Settle the reservation to what is really stored now: a published file keeps its bytes
            // counted even when a later step failed (QUOTA-3).
            quota?.Release(upload is { Published: true } ? reserved - upload.Written : reserved);
            if (upload is not null) await upload.DisposeAsync();
        }
        if (refusal is { } status) await Refusal.WriteAsync(context, status);
        else Ok(context);
    }

    private static ValueTask WriteAsync(IObjectUpload upload, IncrementalHash? hash, ReadOnlySequence<byte> buffer, CancellationToken ct)
    {
        if (hash is not null)
        {
            foreach (var segment in buffer) hash.AppendData(segment.Span);
        }
        return upload.WriteAsync(buffer, ct);
    }

    private static bool HashMatches(IncrementalHash hash, ObjectId id)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        Span<char> hex = stackalloc char[64];
        Convert.TryToHexStringLower(digest, hex, out _);
        return hex.SequenceEqual(id.Value);
    }
}
