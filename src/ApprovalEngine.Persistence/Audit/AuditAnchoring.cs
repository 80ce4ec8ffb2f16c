using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ApprovalEngine.Persistence.Audit;

public sealed class AuditAnchorOptions
{
    public const string SectionName = "Audit:Checkpoints";

    /// <summary>How often the background service anchors every chain head; zero or less turns the service off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// The append-only JSON-lines sink; a relative path is under the host's content root. Unset, it belongs to the
    /// database (<see cref="CheckpointFile.DefaultPathFor"/>), so hosts of different databases never share one.
    /// </summary>
    public string? FilePath { get; set; }
    /// <summary>Whose seal signs checkpoints: the bureau's "one seal". Without an active one a checkpoint is written unsigned, with a warning.</summary>
    public string SealDepartment { get; set; } = "bureau";
    /// <summary>Webhook department the checkpoint is pushed to; null means Deadlines:SupervisingOffice.</summary>
    public string? Recipient { get; set; }
}

/// <summary>One chain's last link as anchored: nothing at or below <see cref="Sequence"/> may change or vanish afterwards.</summary>
public sealed record AnchoredHead(string Chain, long Sequence, string Hash);

/// <summary>Why an anchored chain no longer matches the database. <see cref="Code"/> is stable for machines.</summary>
public sealed record AnchorFinding(string Chain, string? InstanceId, long Sequence, string Code, string Detail);

public static class AnchorCodes
{
    /// <summary>The chain (and its instance's audit trail) existed at the checkpoint and is gone.</summary>
    public const string ChainMissing = "chain-missing";
    /// <summary>The chain has fewer records than at the checkpoint.</summary>
    public const string ChainTruncated = "chain-truncated";
    /// <summary>The record at the checkpointed sequence has another hash: the anchored history was rewritten.</summary>
    public const string HashMismatch = "hash-mismatch";
    /// <summary>Records exist but the chain's head row does not; heads are only ever created with a first record.</summary>
    public const string HeadMissing = "head-missing";
    /// <summary>The checkpoint file is not a valid chain of lines (edited, reordered or a line removed).</summary>
    public const string CheckpointFileBroken = "checkpoint-file-broken";
    /// <summary>The latest checkpoint's root does not match its own list of heads.</summary>
    public const string CheckpointRootMismatch = "checkpoint-root-mismatch";
    /// <summary>The latest checkpoint's seal signature does not verify.</summary>
    public const string CheckpointSealInvalid = "checkpoint-seal-invalid";
}

/// <summary>A checkpoint as read back from the sink, with the hash of its line (the next line links to it).</summary>
public sealed record StoredCheckpoint(int Line, JsonObject Body, SealSignature? Seal, string LineHash)
{
    public string Id => Body["id"]!.GetValue<string>();
    public DateTimeOffset CreatedAt => DateTimeOffset.Parse(Body["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    public string Root => Body["root"]!.GetValue<string>();

    public IReadOnlyList<AnchoredHead> Heads => Body["heads"]!.AsArray()
        .Select(h => new AnchoredHead(h!["chain"]!.GetValue<string>(), h["sequence"]!.GetValue<long>(), h["hash"]!.GetValue<string>())).ToList();
}

public sealed record CheckpointRead(StoredCheckpoint? Latest, IReadOnlyList<AnchorFinding> Problems);

/// <summary>
/// The append-only file of checkpoints. Every line is one JSON object whose body carries the SHA-256 of the
/// previous line, so the file is itself a chain: removing or editing a line breaks the link of the next one.
/// </summary>
public sealed class CheckpointFile(string path)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    // One writer per process; the file is per host (replicas give each its own path or run checkpoints on one).
    private static readonly SemaphoreSlim Writer = new(1, 1);

    public string Path => path;

    /// <summary>
    /// The file a database's checkpoints go to when none is configured: beside a SQLite file (it moves and is backed
    /// up with it), or named after a PostgreSQL server and database under data/. A checkpoint only means something
    /// against the rows it was taken from; one shared default made every database verify against the others' heads.
    /// </summary>
    public static string DefaultPathFor(DatabaseOptions database, string contentRoot)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                return System.IO.Path.Combine(contentRoot, "data", "audit-checkpoints.jsonl");
            // Relative like SQLite itself resolves it: against the working directory.
            return System.IO.Path.GetFullPath(source) + ".audit-checkpoints.jsonl";
        }
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        var name = $"{pg.Host}-{pg.Port}-{pg.Database ?? pg.Username}";
        name = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return System.IO.Path.Combine(contentRoot, "data", "audit-checkpoints", name + ".jsonl");
    }

    public static string LineHash(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

    /// <summary>Holds the file for one append: <paramref name="build"/> gets the previous line's hash and returns the new line.</summary>
    public async Task<string> AppendAsync(Func<string, Task<string>> build, CancellationToken ct)
    {
        await Writer.WaitAsync(ct);
        try
        {
            var previous = Genesis;
            if (File.Exists(path))
                foreach (var line in File.ReadLines(path)) if (line.Length > 0) previous = LineHash(line);
            var next = await build(previous);
            if (next.Contains('\n')) throw new InvalidOperationException("A checkpoint line must be one line.");
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var bytes = Encoding.UTF8.GetBytes(next + "\n");
            await stream.WriteAsync(bytes, ct);
            await stream.FlushAsync(ct);
            stream.Flush(flushToDisk: true);
            return LineHash(next);
        }
        finally { Writer.Release(); }
    }

    /// <summary>Walks the whole file checking every link; returns the last checkpoint and any break found.</summary>
    public CheckpointRead Read()
    {
        if (!File.Exists(path)) return new CheckpointRead(null, []);
        var problems = new List<AnchorFinding>();
        var previous = Genesis;
        StoredCheckpoint? latest = null;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            JsonObject? body = null;
            SealSignature? seal = null;
            try
            {
                var node = JsonNode.Parse(line)!.AsObject();
                body = node["checkpoint"]!.AsObject();
                seal = node["seal"]?.Deserialize<SealSignature>(SealService.Json);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
            {
                problems.Add(FileProblem(number, $"line {number} of {path} is not a checkpoint: {e.Message}"));
            }
            if (body is not null && body["previousLineHash"]?.GetValue<string>() != previous)
                problems.Add(FileProblem(number, $"line {number} of {path} does not link to the line before it (a line was edited, removed or inserted)"));
            previous = LineHash(line);
            if (body is not null) latest = new StoredCheckpoint(number, (JsonObject)body.DeepClone(), seal, previous);
        }
        return new CheckpointRead(latest, problems);
    }

    private static AnchorFinding FileProblem(int line, string detail) => new("", null, line, AnchorCodes.CheckpointFileBroken, detail);
}

/// <summary>Merkle root over chain heads (RFC 6962 shape, with leaf/node prefixes so a leaf cannot pose as a node).</summary>
public static class AnchorMerkle
{
    public static string Root(IReadOnlyList<AnchoredHead> heads)
    {
        if (heads.Count == 0) return Convert.ToHexStringLower(SHA256.HashData([]));
        var leaves = heads.Select(h => Hash(0, CanonicalJson.Serialize(new JsonObject { ["chain"] = h.Chain, ["sequence"] = h.Sequence, ["hash"] = h.Hash }))).ToArray();
        return Convert.ToHexStringLower(Node(leaves));
    }

    private static byte[] Node(ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 1) return leaves[0];
        var split = 1;
        while (split * 2 < leaves.Length) split *= 2;
        return Hash(1, Node(leaves[..split]), Node(leaves[split..]));
    }

    private static byte[] Hash(byte prefix, params byte[][] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([prefix]);
        foreach (var part in parts) sha.AppendData(part);
        return sha.GetHashAndReset();
    }
}

public sealed record CheckpointResult(StoredCheckpoint Checkpoint, bool Signed, string? Warning, IReadOnlyList<AnchorFinding> CarriedForward);

/// <summary>
/// Anchors the audit chains outside the rows they protect: a checkpoint lists every chain's head, its Merkle root
/// and the bureau seal over both, and goes to a chained file and (through the outbox) to the supervising office.
/// Verification compares the database with the latest checkpoint from the file, so a chain deleted together with
/// its head row, or cut back below what was anchored, is reported.
/// </summary>
public sealed class AuditAnchoring(
    ApprovalDbContext db, AuditTrail audit, SealService seals, CheckpointFile file, AuditAnchorOptions options,
    Deadlines.DeadlineOptions deadlines, IActorAccessor actors, TimeProvider time, ILogger<AuditAnchoring> logger)
{
    public const string CheckpointAction = "audit.checkpoint.created";
    public const string CheckpointTopic = "audit.checkpoint";
    private const int Batch = 500;

    public CheckpointFile File => file;

    public async Task<CheckpointResult> CreateAsync(CancellationToken ct)
    {
        var previous = file.Read().Latest;
        var now = time.GetUtcNow();
        var id = "cp-" + Guid.CreateVersion7().ToString("N");
        await using var tx = await Instances.InstanceLocks.BeginWriteAsync(db, ct);
        var heads = await db.Set<AuditHeadRecord>().AsNoTracking().OrderBy(h => h.Chain)
            .Select(h => new AnchoredHead(h.Chain, h.Sequence, h.Hash)).ToListAsync(ct);
        // Once anchored, a chain stays anchored: one that vanished or was cut back since the last checkpoint keeps its
        // old head here, so the loss is reported by every later verification instead of being quietly forgotten.
        var carried = previous is null ? [] : await CompareAsync(previous.Heads, ct);
        var byChain = heads.ToDictionary(h => h.Chain, StringComparer.Ordinal);
        foreach (var finding in carried.Where(f => f.Code != AnchorCodes.HeadMissing))
            byChain[finding.Chain] = previous!.Heads.First(h => h.Chain == finding.Chain);
        heads = byChain.Values.OrderBy(h => h.Chain, StringComparer.Ordinal).ToList();

        SealSignature? signature = null;
        string? warning = null;
        JsonObject? body = null;
        var lineHash = await file.AppendAsync(async previousLineHash =>
        {
            body = new JsonObject
            {
                ["id"] = id, ["createdAt"] = now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), ["createdBy"] = actors.Current.Name,
                ["previousLineHash"] = previousLineHash, ["chains"] = heads.Count, ["root"] = AnchorMerkle.Root(heads),
                ["heads"] = new JsonArray(heads.Select(h => (JsonNode)new JsonObject { ["chain"] = h.Chain, ["sequence"] = h.Sequence, ["hash"] = h.Hash }).ToArray()),
            };
            if (carried.Count > 0)
                body["carriedForward"] = new JsonArray(carried.Select(f => (JsonNode)new JsonObject { ["chain"] = f.Chain, ["sequence"] = f.Sequence, ["code"] = f.Code }).ToArray());
            try
            {
                var (key, keyId, protector) = await seals.SigningKeyAsync(options.SealDepartment, ct);
                signature = DecisionSeal.Seal(protector, key, body, keyId, now);
            }
            catch (ConflictException e)
            {
                // Chosen over refusing: an unsigned anchor still detects truncation; the warning says what is missing.
                warning = $"Checkpoint is unsigned: {e.Message}";
                body["warning"] = warning;
            }
            return new JsonObject { ["checkpoint"] = body.DeepClone(), ["seal"] = signature is null ? null : JsonSerializer.SerializeToNode(signature, SealService.Json) }.ToJsonString();
        }, ct);
        var stored = new StoredCheckpoint(0, body!, signature, lineHash);

        await audit.AppendSystemAsync(db, CheckpointAction, $"checkpoint:{id}", new JsonObject
        {
            ["root"] = stored.Root, ["chains"] = heads.Count, ["lineHash"] = lineHash, ["signed"] = signature is not null,
            ["sealKeyId"] = signature?.SealId, ["carriedForward"] = carried.Count,
        }, ct);
        var recipient = options.Recipient ?? deadlines.SupervisingOffice;
        db.Outbox.Add(new OutboxRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), Channel = OutboxChannels.Webhook, Recipient = recipient, Topic = CheckpointTopic,
            PayloadJson = new JsonObject { ["checkpoint"] = body!.DeepClone(), ["seal"] = signature is null ? null : JsonSerializer.SerializeToNode(signature, SealService.Json), ["lineHash"] = lineHash }.ToJsonString(),
            IdempotencyKey = $"{CheckpointTopic}:{id}", CreatedAt = now, NextAttemptAt = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (warning is not null) logger.LogWarning("Audit checkpoint {CheckpointId}: {Warning}", id, warning);
        foreach (var f in carried) logger.LogWarning("Audit checkpoint {CheckpointId} carries chain {Chain} forward at {Sequence}: {Code} {Detail}", id, f.Chain, f.Sequence, f.Code, f.Detail);
        logger.LogInformation("Audit checkpoint {CheckpointId} anchored {Chains} chains, root {Root}, in {File}", id, heads.Count, stored.Root, file.Path);
        return new CheckpointResult(stored, signature is not null, warning, carried);
    }

    /// <summary>The latest checkpoint and everything that no longer matches it (only <paramref name="chain"/> when given).</summary>
    public async Task<(StoredCheckpoint? Checkpoint, List<AnchorFinding> Findings)> VerifyAsync(string? chain, CancellationToken ct)
    {
        var read = file.Read();
        var findings = read.Problems.ToList();
        if (read.Latest is not { } latest) return (null, findings);
        var heads = latest.Heads;
        if (AnchorMerkle.Root(heads) != latest.Root)
            findings.Add(new AnchorFinding("", null, latest.Line, AnchorCodes.CheckpointRootMismatch, $"checkpoint {latest.Id}'s root does not match its list of heads"));
        if (latest.Seal is { } seal)
        {
            var check = DecisionSeal.Verify(latest.Body, seal, await seals.LookupAsync(ct));
            if (!check.Valid)
                findings.Add(new AnchorFinding("", null, latest.Line, AnchorCodes.CheckpointSealInvalid, $"checkpoint {latest.Id}'s seal does not verify: {check.Code} {check.Reason}"));
        }
        var scope = chain is null ? heads : heads.Where(h => h.Chain == chain).ToList();
        findings.AddRange(await CompareAsync(scope, ct));
        return (latest, findings);
    }

    /// <summary>Checks anchored heads against the rows, a batch of chains per query.</summary>
    private async Task<List<AnchorFinding>> CompareAsync(IReadOnlyList<AnchoredHead> anchored, CancellationToken ct)
    {
        var findings = new List<AnchorFinding>();
        foreach (var batch in anchored.Chunk(Batch))
        {
            var chains = batch.Select(h => h.Chain).ToList();
            var sequences = batch.Select(h => h.Sequence).Distinct().ToList();
            var heads = await db.Set<AuditHeadRecord>().AsNoTracking().Where(h => chains.Contains(h.Chain)).ToDictionaryAsync(h => h.Chain, ct);
            var records = (await db.Set<AuditRecord>().AsNoTracking().Where(r => chains.Contains(r.Chain) && sequences.Contains(r.Sequence))
                .Select(r => new { r.Chain, r.Sequence, r.Hash }).ToListAsync(ct)).ToDictionary(r => (r.Chain, r.Sequence), r => r.Hash);
            var lastSequences = await db.Set<AuditRecord>().AsNoTracking().Where(r => chains.Contains(r.Chain))
                .GroupBy(r => r.Chain).Select(g => new { Chain = g.Key, Last = g.Max(r => r.Sequence) }).ToDictionaryAsync(g => g.Chain, g => g.Last, ct);
            foreach (var a in batch)
            {
                var instanceId = a.Chain == AuditTrail.SystemChain ? null : a.Chain;
                var last = lastSequences.GetValueOrDefault(a.Chain);
                var head = heads.GetValueOrDefault(a.Chain);
                if (last == 0 && head is null)
                    findings.Add(new(a.Chain, instanceId, a.Sequence, AnchorCodes.ChainMissing,
                        $"chain '{a.Chain}' had {a.Sequence} records at the checkpoint and has none now"));
                else if (!records.TryGetValue((a.Chain, a.Sequence), out var hash) || Math.Max(last, head?.Sequence ?? 0) < a.Sequence)
                    findings.Add(new(a.Chain, instanceId, a.Sequence, AnchorCodes.ChainTruncated,
                        $"chain '{a.Chain}' had {a.Sequence} records at the checkpoint; record {a.Sequence} is gone (the chain now ends at {last})"));
                else if (hash != a.Hash)
                    findings.Add(new(a.Chain, instanceId, a.Sequence, AnchorCodes.HashMismatch,
                        $"record {a.Sequence} of chain '{a.Chain}' differs from the one anchored (its hash changed)"));
                else if (head is null)
                    findings.Add(new(a.Chain, instanceId, last, AnchorCodes.HeadMissing, $"chain '{a.Chain}' has records but no head row"));
            }
        }
        return findings;
    }
}
