using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Telemetry;
using ApprovalEngine.Workflows.Activities.Elsa;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>Who caused a stimulus; recorded in the journal (and by domain handlers).</summary>
public sealed record Actor(string Name, IReadOnlyList<string> Roles, string? Department = null)
{
    public static readonly Actor System = new("system", ["system"]);
    public static Actor Timer => new("system:timer", ["system"]);
}

/// <summary>
/// Applies a domain effect an activity requested (create a review task, enqueue a message) inside the
/// stimulus transaction, so the effect exists exactly when the state change that caused it does.
/// </summary>
public interface IWorkflowEffectHandler
{
    bool CanHandle(object effect);
    Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct);
}

/// <summary>Sees every applied stimulus inside its transaction (task bookkeeping, audit trail).</summary>
public interface IStimulusObserver
{
    Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct);
}

/// <summary>What an effect handler may touch: the same DbContext (same transaction) and the instance row.</summary>
public sealed record StimulusContext(ApprovalDbContext Db, InstanceRecord Instance, Actor Actor, DateTimeOffset Now, WorkflowStatus? PreviousStatus)
{
    /// <summary>Every running deadline of the instance is already tracked (a batch loaded them at once): look in Local, not in the database.</summary>
    public bool RunningDeadlinesTracked { get; init; }

    /// <summary>Every open or claimed task of the instance is tracked (loaded once in this stimulus, under the instance's lock).</summary>
    public bool OpenTasksTracked { get; set; }
}

public sealed class StimulusOptions
{
    /// <summary>How long a stimulus waits for the instance lock held by concurrent stimuli before answering 409.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Runs stimuli against stored instances: one stimulus = one transaction that writes instance state, bookmarks,
/// timers, journal and effects together. Concurrent stimuli on one instance are serialized by a lock on the
/// instance taken first in the transaction; a stimulus whose bookmark its predecessor consumed gets a conflict.
/// </summary>
public sealed class WorkflowRuntime(
    ApprovalDbContext db, DefinitionStore definitions, WorkflowEngine engine, TimeProvider time,
    IEnumerable<IWorkflowEffectHandler> effectHandlers, IEnumerable<IStimulusObserver> observers, StimulusOptions options, ILogger<WorkflowRuntime> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>
    /// Starts once per (caller, <paramref name="idempotencyKey"/>): a repeated key with the same request returns the
    /// first instance (Replayed), with another request it is refused; a concurrent duplicate loses on the key's primary key.
    /// </summary>
    /// <exception cref="ConflictException">The key was used before for a different request (code idempotency.key-reused).</exception>
    /// <param name="fileNumber">Gives the file number when the caller sends no correlation id (taken only if a new instance starts).</param>
    public async Task<(InstanceRecord Instance, bool Replayed)> StartOnceAsync(string definitionId, string? correlationId, JsonObject? input, Actor actor,
        string? idempotencyKey, CancellationToken ct = default, Applicants.ApplicantSubject? owner = null, Func<CancellationToken, Task<string>>? fileNumber = null)
    {
        async Task<string?> Number() => string.IsNullOrWhiteSpace(correlationId) && fileNumber is not null ? await fileNumber(ct) : correlationId;
        if (idempotencyKey is null) return (await StartAsync(definitionId, await Number(), input, actor, ct, owner), false);
        if (idempotencyKey.Length is 0 or > IdempotencyKeyRecord.MaxKeyLength || idempotencyKey.Any(c => c is < '!' or > '~'))
            throw new BadRequestException($"The Idempotency-Key header must be 1 to {IdempotencyKeyRecord.MaxKeyLength} visible ASCII characters (a UUID is a good choice).",
                ErrorCodes.IdempotencyInvalidKey, "Idempotency-Key");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            new JsonArray(definitionId, correlationId, input?.DeepClone()).ToJsonString())));
        if (await ReplayAsync(actor.Name, idempotencyKey, hash, ct) is { } earlier) return (earlier, true);
        var key = new IdempotencyKeyRecord { Caller = actor.Name, Key = idempotencyKey, RequestHash = hash, InstanceId = "", CreatedAt = time.GetUtcNow() };
        try { return (await StartAsync(definitionId, await Number(), input, actor, ct, owner, key), false); }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // A concurrent retry with the same key committed first (our insert lost on the key): answer with its
            // instance. Any other failure is not ours to hide.
            db.ChangeTracker.Clear();
            if (await ReplayAsync(actor.Name, idempotencyKey, hash, ct) is { } first) return (first, true);
            throw;
        }
    }

    private async Task<InstanceRecord?> ReplayAsync(string caller, string key, string hash, CancellationToken ct)
    {
        var earlier = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Caller == caller && k.Key == key, ct);
        if (earlier is null) return null;
        if (earlier.RequestHash != hash)
            throw new ConflictException("This Idempotency-Key was already used for a different request; use a new key for a new application.",
                ErrorCodes.IdempotencyKeyReused, "Idempotency-Key");
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == earlier.InstanceId, ct);
        // The replay answers what the first start answered, not where the application has got to since
        // (the record is detached: nothing is written).
        instance.Status = earlier.ResponseStatus;
        return instance;
    }

    /// <param name="owner">The applicant subject of an online application (null at the counter).</param>
    public Task<InstanceRecord> StartAsync(string definitionId, string? correlationId, JsonObject? input, Actor actor, CancellationToken ct = default,
        Applicants.ApplicantSubject? owner = null, IdempotencyKeyRecord? idempotencyKey = null, WorkflowTrigger? trigger = null,
        Func<ApprovalDbContext, Task>? inTransaction = null) =>
        TracedAsync("start", null, span => StartCoreAsync(definitionId, correlationId, input, actor, owner, idempotencyKey, trigger, inTransaction, span, ct));

    private async Task<InstanceRecord> StartCoreAsync(string definitionId, string? correlationId, JsonObject? input, Actor actor,
        Applicants.ApplicantSubject? owner, IdempotencyKeyRecord? idempotencyKey, WorkflowTrigger? trigger, Func<ApprovalDbContext, Task>? inTransaction,
        Activity? span, CancellationToken ct)
    {
        span?.SetTag(EngineTelemetry.DefinitionTag, definitionId);
        if (correlationId is { Length: > 128 }) throw new BadRequestException("correlationId must be at most 128 characters.", ErrorCodes.ValidationField, "correlationId");
        var version = await definitions.PublishedAsync(definitionId, ct)
                      ?? (await db.DefinitionVersions.AnyAsync(v => v.DefinitionId == definitionId, ct)
                          ? throw new ConflictException($"Workflow definition '{definitionId}' has no published version; publish it before starting instances.", ErrorCodes.DefinitionNotPublished)
                          : throw new NotFoundException($"Workflow definition '{definitionId}' does not exist.", ErrorCodes.DefinitionNotFound));
        var flowchart = definitions.Flowchart(version);
        var id = Guid.CreateVersion7().ToString("N");
        span?.SetTag(EngineTelemetry.InstanceTag, id);
        span?.SetTag(EngineTelemetry.DefinitionVersionTag, version.Version);
        // Expressions and child workflows see the instance's correlation id (Elsa's correlationId).
        var result = await engine.StartAsync(id, flowchart, input, actor.Name, ct, correlationId, trigger);
        span?.SetTag(EngineTelemetry.ActivityTag, trigger?.ActivityId ?? flowchart.StartActivityId);
        var now = time.GetUtcNow();
        var instance = new InstanceRecord
        {
            Id = id, DefinitionId = definitionId, DefinitionVersionId = version.Id, DefinitionVersion = version.Version,
            Name = version.Name, CorrelationId = correlationId, StateJson = "{}", CreatedAt = now, UpdatedAt = now, CreatedBy = actor.Name, Month = Partitions.Months.Of(now),
            Applicant = InputText(input, "applicant"), ProjectName = InputText(input, "project") ?? InputText(input, "projectName"),
            ProjectCode = InputText(input, "projectCode") is { Length: <= 24 } projectCode ? projectCode : null,
            OwnerSubjectId = owner?.Id, OwnerSubjectKind = owner?.Kind, OwnerSubjectName = owner?.Name,
        };
        db.Instances.Add(instance);
        if (idempotencyKey is not null)
        {
            idempotencyKey.InstanceId = id;
            db.IdempotencyKeys.Add(idempotencyKey);
        }
        using var detection = db.DetectChangesOnlyOnSave();
        // On SQLite in the same line for the write lock as every other stimulus (InstanceLocks.BeginAsync).
        await using var tx = await InstanceLocks.BeginAsync(db, options.LockTimeout, ct);
        await ApplyAsync(instance, result, actor, now, null, ct);
        if (inTransaction is not null) await inTransaction(db);
        if (idempotencyKey is not null) idempotencyKey.ResponseStatus = instance.Status;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Started instance {InstanceId} of {DefinitionId} v{Version} (correlation {CorrelationId}): {Status}",
            id, definitionId, version.Version, correlationId, instance.Status);
        return instance;
    }

    private static string? InputText(JsonObject? input, string name) =>
        input?[name] is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim()[..Math.Min(text.Trim().Length, 256)] : null;

    /// <exception cref="ConflictException">The bookmark is no longer pending, or the instance has ended.</exception>
    /// <param name="onlyActivityType">When set, the bookmark is checked under the lock before anything runs: not pending (an
    /// ended instance included) is a 409 bookmark.not-pending, a step of another kind a 400 bookmark.wrong-kind; either
    /// rolls back and changes nothing.</param>
    /// <param name="authorize">When set, asked of the locked instance before anything else: its exception (a 403) rolls back and
    /// changes nothing, and it reads the instance the lock already read instead of a round trip of its own.</param>
    public Task<InstanceRecord> ResumeAsync(string instanceId, string bookmarkId, JsonNode? payload, Actor actor, CancellationToken ct = default,
        string? onlyActivityType = null, Func<InstanceRecord, CancellationToken, Task>? authorize = null) =>
        TracedAsync("resume", instanceId, span => WithInstanceAsync(instanceId, actor, async (locked, flowchart, state) =>
        {
            if (authorize is not null) await authorize(locked.Instance, ct);
            var bookmark = state.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId);
            span?.SetTag(EngineTelemetry.ActivityTag, bookmark?.ActivityId);
            if (onlyActivityType is not null)
            {
                if (bookmark is null) throw new BookmarkNotFoundException(bookmarkId);
                if (bookmark.ActivityType != onlyActivityType)
                    throw new BadRequestException($"Bookmark '{bookmarkId}' belongs to a {bookmark.ActivityType} step, which is not resumed through this endpoint.",
                        ErrorCodes.BookmarkWrongKind, "bookmarkId");
            }
            return await engine.ResumeAsync(instanceId, flowchart, state, bookmarkId, new ResumeStimulus(payload, actor.Name), ct);
        }, span, ct));

    /// <summary>
    /// Resumes a task's bookmark in a stimulus that finds the task's application from the task: the task, in whatever state, and
    /// whether signers were added to it come with the lock and the working set, in its first round trip, so a completion needs no
    /// read ahead of the lock. <paramref name="payloadFor"/> checks the locked task (its exceptions roll back and reach the caller)
    /// and gives the payload to resume with, or null when the task takes another path (delegation, added signers).
    /// </summary>
    /// <returns>The instance, or null when no stimulus ran: <paramref name="payloadFor"/> declined, or the task or its application
    /// does not exist. Nothing was written then.</returns>
    /// <param name="authorize">When set, asked of the locked application and task first (before <paramref name="payloadFor"/>):
    /// its exception rolls back and reaches the caller.</param>
    public async Task<InstanceRecord?> ResumeTaskAsync(string taskId, Actor actor, Func<Tasks.TaskRecord, bool, JsonNode?> payloadFor, CancellationToken ct = default,
        Func<InstanceRecord, Tasks.TaskRecord, CancellationToken, Task>? authorize = null)
    {
        try
        {
            return await TracedAsync("resume", null, span => WithInstanceAsync(null, actor, async (locked, flowchart, state) =>
            {
                var task = locked.Task ?? throw new Declined();
                span?.SetTag(EngineTelemetry.ActivityTag, task.ActivityId);
                if (authorize is not null) await authorize(locked.Instance, task, ct);
                var payload = payloadFor(task, locked.TaskHasSigners) ?? throw new Declined();
                return await engine.ResumeAsync(locked.Instance.Id, flowchart, state, task.BookmarkId, new ResumeStimulus(payload, actor.Name), ct);
            }, span, ct, byTaskId: taskId));
        }
        catch (Declined) { return null; }
    }

    /// <summary>A stimulus started from a task found it takes another path: it rolls back and is not counted as a stimulus.</summary>
    private sealed class Declined : Exception;

    /// <summary>
    /// Ends the instance (Cancelled). <paramref name="outcome"/> says how the application came out when a person ends it
    /// (<see cref="ApplicationOutcomes.Withdrawn"/> at the applicant's wish, <see cref="ApplicationOutcomes.Terminated"/> by the
    /// office); it rides on the journal line, where <see cref="ApplicationOutcomes.Settle"/> reads it. With
    /// <paramref name="undecidedOnly"/> an application already decided (or otherwise settled) is refused with 409
    /// application-decided, checked on the locked row, so a decision committed meanwhile cannot be withdrawn over.
    /// </summary>
    public Task<InstanceRecord> CancelAsync(string instanceId, string reason, Actor actor, CancellationToken ct = default, string? outcome = null,
        bool undecidedOnly = false) =>
        TracedAsync("cancel", instanceId, span => WithInstanceAsync(instanceId, actor, (locked, flowchart, state) =>
        {
            if (undecidedOnly && locked.Instance.Outcome is not null)
                throw new ConflictException("The application has been decided or has ended; it can no longer be withdrawn or terminated.", ErrorCodes.ApplicationDecided);
            return Task.FromResult(engine.Cancel(instanceId, flowchart, state, reason, actor.Name,
                outcome is null ? null : new JsonObject { [ApplicationOutcomes.CancelledAs] = outcome }));
        }, span, ct));

    /// <summary>
    /// 驳回 / 撤回: runs the instance back to <paramref name="targetActivityId"/> (see <see cref="WorkflowEngine.GoBackAsync"/>) as one
    /// stimulus; <paramref name="afterApply"/> sees the tasks that stimulus opened before they are committed.
    /// </summary>
    public Task<InstanceRecord> GoBackAsync(string instanceId, string targetActivityId, string eventName, string message, JsonObject payload,
        Actor actor, Func<ApprovalDbContext, Task>? afterApply, CancellationToken ct = default) =>
        TracedAsync("go-back", instanceId, span => WithInstanceAsync(instanceId, actor, (_, flowchart, state) =>
            engine.GoBackAsync(instanceId, flowchart, state, targetActivityId, eventName, message, payload, actor.Name, ct), span, ct, afterApply: afterApply));

    /// <summary>
    /// What <see cref="DecideAsync"/> found to do: a journal line, and possibly a bookmark to resume with its payload. <paramref name="Patch"/>
    /// changes workflow variables first (the host's record of something the workflow reads later, e.g. deferred materials supplied);
    /// <paramref name="CancelReason"/> ends the instance instead of resuming (a case terminated by a lapse).
    /// </summary>
    public sealed record Decided(JournalEntry? Entry, string? BookmarkId = null, JsonNode? Payload = null, Func<ApprovalDbContext, Task>? AfterApply = null,
        Action<WorkflowState>? Patch = null, string? CancelReason = null);

    /// <summary>
    /// A change whose consequence is only known under the instance lock (an added signer's answer that may release the
    /// owner's held approval): <paramref name="decide"/> changes rows and says whether a bookmark is resumed too. One stimulus
    /// either way; a rejection thrown by <paramref name="decide"/> changes nothing.
    /// </summary>
    public Task<InstanceRecord> DecideAsync(string instanceId, Actor actor, Func<ApprovalDbContext, Task<Decided>> decide, CancellationToken ct = default)
    {
        Decided? decided = null;
        return TracedAsync("decide", instanceId, span => WithInstanceAsync(instanceId, actor, async (_, flowchart, state) =>
            {
                decided = await decide(db);
                decided.Patch?.Invoke(state);
                if (decided.CancelReason is { } reason) return engine.Cancel(instanceId, flowchart, state, reason, actor.Name);
                return decided.BookmarkId is null
                    ? new ExecutionResult(state, [], [], [], [])
                    : await engine.ResumeAsync(instanceId, flowchart, state, decided.BookmarkId, new ResumeStimulus(decided.Payload, actor.Name), ct);
            }, span, ct,
            inTransaction: _ => Task.FromResult(decided?.Entry),
            afterApply: tracked => decided?.AfterApply?.Invoke(tracked) ?? Task.CompletedTask));
    }

    /// <summary>
    /// Applies a non-engine change to an instance (a task claimed, a clock paused, a deadline escalated) in one
    /// transaction serialized with the instance's stimuli; the journal line <paramref name="change"/> returns is
    /// appended (none when it returns null).
    /// </summary>
    public Task<InstanceRecord> RecordAsync(string instanceId, Actor actor, Func<ApprovalDbContext, Task<JournalEntry?>> change, CancellationToken ct = default) =>
        TracedAsync("record", instanceId, span => WithInstanceAsync(instanceId, actor, (_, _, state) => Task.FromResult(new ExecutionResult(state, [], [], [], [])), span, ct, change));

    /// <summary>A bookmark to resume as one stimulus of a <see cref="ResumeManyAsync"/> batch.</summary>
    public sealed record BookmarkResume(string InstanceId, string BookmarkId, JsonNode? Payload);

    /// <summary>
    /// Resumes bookmarks of distinct instances (due timers), each an ordinary stimulus with its own journal lines, audit
    /// record and effects, but all in one transaction: one lock statement for the instances, one SaveChanges, one commit.
    /// All or nothing: any failure (a bookmark already consumed, an ended instance, a lock wait past the timeout) rolls
    /// the whole batch back and is thrown, and the caller resumes the batch one stimulus at a time instead.
    /// </summary>
    public async Task ResumeManyAsync(IReadOnlyList<BookmarkResume> resumes, Actor actor, CancellationToken ct = default)
    {
        if (resumes.Count == 0) return;
        var ids = resumes.Select(r => r.InstanceId).ToArray();
        if (ids.Distinct().Count() != ids.Length) throw new ArgumentException("A batch resumes each instance at most once.", nameof(resumes));
        using var span = EngineTelemetry.Source.StartActivity("stimulus resume-batch");
        span?.SetTag(EngineTelemetry.KindTag, "resume");
        span?.SetTag("approvalengine.batch.size", resumes.Count);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        var definitionsSeen = new Dictionary<string, int>();
        // With automatic detection every `Local` read would scan every row the batch has tracked so far: quadratic in the
        // batch, half the host's CPU of a 50-timer batch.
        using var detection = db.DetectChangesOnlyOnSave();
        try
        {
            db.ChangeTracker.Clear();
            await using var tx = await InstanceLocks.BeginAsync(db, options.LockTimeout, ct);
            var instances = await InstanceLocks.LockAsync(db, ids, options.LockTimeout, ct);
            if (instances.Count != ids.Length)
                throw new ConflictException($"{ids.Length - instances.Count} of the batch's instances do not exist.", ErrorCodes.InstanceNotFound);
            // The audit trail finds each chain's head, and the deadline bookkeeping each instance's running deadlines, among
            // the tracked rows: one query each for the batch, not one per stimulus.
            await db.Set<Audit.AuditHeadRecord>().Where(h => ids.Contains(h.Chain)).LoadAsync(ct);
            await db.Deadlines.Where(d => ids.Contains(d.InstanceId) && d.CompletedAt == null).LoadAsync(ct);
            var now = time.GetUtcNow();
            foreach (var resume in resumes)
            {
                var instance = instances[resume.InstanceId];
                var previousStatus = instance.Status;
                var result = await RunAsync(instance, (flowchart, state) =>
                    engine.ResumeAsync(instance.Id, flowchart, state, resume.BookmarkId, new ResumeStimulus(resume.Payload, actor.Name), ct), ct);
                await ApplyAsync(instance, result, actor, now, previousStatus, ct, runningDeadlinesTracked: true);
                definitionsSeen[instance.DefinitionId] = definitionsSeen.GetValueOrDefault(instance.DefinitionId) + 1;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e)
        {
            outcome = EngineTelemetry.OutcomeOf(e);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            db.ChangeTracker.Clear();
            if (e is DbUpdateConcurrencyException || IsLockTimeout(e))
                throw new ConflictException("Instances of the batch are being changed by others; resume them one at a time.", ErrorCodes.InstanceBusy);
            throw;
        }
        finally
        {
            span?.SetTag(EngineTelemetry.OutcomeTag, outcome);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds / resumes.Count;
            // Counted per stimulus, as if applied one by one (a failed batch counts nothing: it is retried one at a time).
            if (outcome == "ok")
                foreach (var (definition, count) in definitionsSeen)
                {
                    var tags = new TagList { { "kind", "resume" }, { "definition", definition }, { "outcome", outcome } };
                    EngineTelemetry.Stimuli.Add(count, tags);
                    for (var i = 0; i < count; i++) EngineTelemetry.StimulusDuration.Record(seconds, tags);
                }
        }
    }

    /// <summary>One stimulus as a span ("stimulus resume", ...) and in the stimulus counter and latency histogram.</summary>
    private static async Task<InstanceRecord> TracedAsync(string kind, string? instanceId, Func<Activity?, Task<InstanceRecord>> run)
    {
        using var span = EngineTelemetry.Source.StartActivity($"stimulus {kind}");
        span?.SetTag(EngineTelemetry.KindTag, kind);
        if (instanceId is not null) span?.SetTag(EngineTelemetry.InstanceTag, instanceId);
        var started = Stopwatch.GetTimestamp();
        string? outcome = "ok";
        string? definition = null;
        try
        {
            var instance = await run(span);
            definition = instance.DefinitionId;
            span?.SetTag("approvalengine.instance.status", instance.Status.ToString());
            return instance;
        }
        catch (Declined)
        {
            // No stimulus after all (the caller goes another way): neither counted nor timed.
            span?.SetTag(EngineTelemetry.OutcomeTag, "declined");
            outcome = null;
            throw;
        }
        catch (Exception e)
        {
            outcome = EngineTelemetry.OutcomeOf(e);
            span?.SetStatus(outcome == "error" ? ActivityStatusCode.Error : ActivityStatusCode.Unset, e.Message);
            throw;
        }
        finally
        {
            if (outcome is not null)
            {
                definition ??= span?.GetTagItem(EngineTelemetry.DefinitionTag) as string;
                span?.SetTag(EngineTelemetry.OutcomeTag, outcome);
                var tags = new TagList
                {
                    { "kind", kind }, { "definition", definition ?? "unknown" }, { "outcome", outcome },
                };
                EngineTelemetry.Stimuli.Add(1, tags);
                EngineTelemetry.StimulusDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }

    /// <summary>Loads, runs and commits one stimulus, serialized with every other stimulus of the instance.</summary>
    /// <remarks>
    /// On PostgreSQL the transaction's first statement locks the instance's row (SELECT ... FOR UPDATE, with the working set).
    /// Concurrent stimuli of one instance therefore queue instead of failing, and each runs the engine on the state its
    /// predecessor committed: only a bookmark that predecessor consumed gives a conflict. The wait is bounded by
    /// <see cref="StimulusOptions.LockTimeout"/> (real time, not the business clock); a revision mismatch, which the lock
    /// should make impossible, is retried within the same bound.
    /// SQLite's lock is the database's single write lock, so holding it while a stimulus reads and runs serialized every
    /// stimulus of every application behind one core: there a first attempt reads and runs without it and takes it only to
    /// save. The instance's revision, checked by the save, makes a stimulus of the same instance committed in between a
    /// conflict, and a statement that would write before the save is refused (<see cref="ReadsBeforeTheWriteLock"/>); the
    /// stimulus then runs again under the lock from its first statement, as on PostgreSQL, so the outcome is the same: each
    /// stimulus applied to the state its predecessor committed, one at a time.
    /// </remarks>
    /// <param name="instanceId">The instance, or null with <paramref name="byTaskId"/>: the instance of that task (an unknown task is
    /// <see cref="Declined"/>).</param>
    private async Task<InstanceRecord> WithInstanceAsync(string? instanceId, Actor actor,
        Func<StimulusWorkingSet.Locked, Flowchart, WorkflowState, Task<ExecutionResult>> stimulus, Activity? span, CancellationToken ct,
        Func<ApprovalDbContext, Task<JournalEntry?>>? inTransaction = null, Func<ApprovalDbContext, Task>? afterApply = null, string? byTaskId = null)
    {
        var deadline = Environment.TickCount64 + (long)options.LockTimeout.TotalMilliseconds;
        using var detection = db.DetectChangesOnlyOnSave();
        // Until the lock has found it, an application locked through its task is known by the task.
        ConflictException Busy() => new(instanceId is null
            ? $"The application of task '{byTaskId}' is being changed by others; try again."
            : $"Workflow instance '{instanceId}' is being changed by others; try again.", ErrorCodes.InstanceBusy);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            db.WorkingSetTracked = null;
            // On SQLite a first attempt reads and runs before it takes the write lock (see the remarks above).
            var readFirst = attempt == 1 && db.Database.IsSqlite();
            db.ReadingBeforeWriteLock = readFirst;
            db.WriteRefusedBeforeLock = false;
            var tx = readFirst ? null : await BeginAsync(Busy, deadline, ct);
            try
            {
                var locked = await LockAsync(instanceId, byTaskId, deadline, ct);
                if (locked is null && byTaskId is not null) throw new Declined();
                var instance = locked?.Instance
                               ?? throw new NotFoundException($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound);
                instanceId = instance.Id;
                span?.SetTag(EngineTelemetry.InstanceTag, instance.Id);
                span?.SetTag(EngineTelemetry.DefinitionTag, instance.DefinitionId);
                span?.SetTag(EngineTelemetry.DefinitionVersionTag, instance.DefinitionVersion);
                if (attempt > 1) span?.SetTag("approvalengine.attempt", attempt);
                var previousStatus = instance.Status;
                var result = await RunAsync(instance, (flowchart, state) => stimulus(locked, flowchart, state), ct);

                var now = time.GetUtcNow();
                if (inTransaction is not null && await inTransaction(db) is { } entry)
                    result = result with { Journal = [.. result.Journal, entry] };
                await ApplyAsync(instance, result, actor, now, previousStatus, ct, workingSetTracked: db.IsWorkingSetTracked(instance.Id));
                if (afterApply is not null) await afterApply(db);
                if (readFirst)
                {
                    db.ReadingBeforeWriteLock = false;
                    if (db.WriteRefusedBeforeLock) throw new WriteNeedsTheLock();
                    tx = await BeginAsync(Busy, deadline, ct);
                }
                await db.SaveChangesAsync(ct);
                await tx!.CommitAsync(ct);
                return instance;
            }
            catch (Exception e) when (readFirst && RunsAgainUnderTheLock(e))
            {
                // Nothing was committed: the instance moved on, or the stimulus writes early; again, under the lock.
                logger.LogDebug("Stimulus of instance {InstanceId} read before the write lock and runs again under it: {Reason}", instanceId, e.GetType().Name);
            }
            catch (DbUpdateConcurrencyException) when (Environment.TickCount64 < deadline)
            {
                logger.LogDebug("Instance {InstanceId} changed concurrently; retrying stimulus (attempt {Attempt})", instanceId, attempt);
            }
            catch (Exception e) when (e is DbUpdateConcurrencyException || IsLockTimeout(e))
            {
                throw Busy();
            }
            finally
            {
                db.ReadingBeforeWriteLock = false;
                db.WorkingSetTracked = null;
                // Disposing rolls back whatever was not committed (and on SQLite lets the next writer in).
                if (tx is not null) await tx.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A first attempt that read before SQLite's write lock and must run again under it: it wrote before the lock (every
    /// refusal sets the flag, whatever the code that tried made of the exception), or another stimulus committed a change of
    /// the same rows (a stale revision, or a row it also inserted).
    /// </summary>
    private bool RunsAgainUnderTheLock(Exception e) =>
        db.WriteRefusedBeforeLock || e is DbUpdateException || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

    /// <summary>Begins the stimulus transaction (on SQLite this waits for the database's write lock).</summary>
    private async Task<IDbContextTransaction> BeginAsync(Func<ConflictException> busy, long deadline, CancellationToken ct)
    {
        try { return await InstanceLocks.BeginAsync(db, TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64)), ct); }
        catch (Exception e) when (IsLockTimeout(e))
        {
            throw busy();
        }
    }

    /// <summary>Runs the engine on the instance's stored state; an already consumed bookmark or an ended instance is a conflict.</summary>
    private async Task<ExecutionResult> RunAsync(InstanceRecord instance, Func<Flowchart, WorkflowState, Task<ExecutionResult>> stimulus, CancellationToken ct)
    {
        var version = await definitions.ForExecutionAsync(instance.DefinitionVersionId, ct)
                      ?? throw new InvalidOperationException($"Definition version {instance.DefinitionVersionId} of instance {instance.Id} is missing.");
        var state = JsonSerializer.Deserialize<WorkflowState>(instance.StateJson, Json)!;
        try { return await stimulus(definitions.Flowchart(version), state); }
        catch (BookmarkNotFoundException e) { throw new ConflictException(e.Message, ErrorCodes.BookmarkNotPending); }
        catch (WorkflowStateException e) { throw new ConflictException(e.Message, ErrorCodes.InstanceEnded); }
    }

    /// <summary>
    /// Takes the instance lock and reads the (tracked) instance with its working set. On PostgreSQL the lock is the row's, taken
    /// as the transaction's first statement, waiting at most until <paramref name="deadline"/>. SQLite's lock is its single
    /// write lock: taken by the transaction's BEGIN IMMEDIATE (see <see cref="InstanceLocks.BeginAsync"/>) when the stimulus
    /// runs again under it, and not at all on a first attempt, which reads before it. Either way the rest of the stimulus's
    /// reads come in the same statement (<see cref="StimulusWorkingSet"/>).
    /// </summary>
    private Task<StimulusWorkingSet.Locked?> LockAsync(string? instanceId, string? taskId, long deadline, CancellationToken ct) =>
        StimulusWorkingSet.LockAndTrackAsync(db, instanceId, InstanceLocks.Setting(deadline - Environment.TickCount64), ct, taskId);

    internal static bool IsLockTimeout(Exception e) =>
        e is Npgsql.PostgresException { SqlState: "55P03" } || e.InnerException is Npgsql.PostgresException { SqlState: "55P03" }
        || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 } || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 };

    private async Task ApplyAsync(InstanceRecord instance, ExecutionResult result, Actor actor, DateTimeOffset now, WorkflowStatus? previousStatus, CancellationToken ct,
        bool runningDeadlinesTracked = false, bool workingSetTracked = false)
    {
        var state = result.State;
        instance.Status = state.Status;
        instance.Fault = state.Fault;
        instance.StateJson = JsonSerializer.Serialize(state, Json);
        instance.UpdatedAt = now;
        if (state.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled or WorkflowStatus.Faulted) instance.FinishedAt ??= now;
        instance.Revision++;

        // An instance added in this transaction (a child cancelled right after it started) has its rows only tracked so far:
        // removing those means they are never inserted.
        var unsaved = db.Entry(instance).State == EntityState.Added;
        foreach (var b in result.RemovedBookmarks)
        {
            // Deleting by key: if another stimulus already removed the row, SaveChanges reports a concurrency conflict.
            db.Bookmarks.Remove((unsaved ? db.Bookmarks.Local.FindEntry(b.Id)?.Entity : null)
                                ?? db.Bookmarks.Attach(new BookmarkRecord { Id = b.Id, InstanceId = instance.Id, ActivityId = b.ActivityId, ActivityType = b.ActivityType, Name = b.Name }).Entity);
            if (b.DueAt is not null)
                db.Timers.Remove((unsaved ? db.Timers.Local.FindEntry(b.Id)?.Entity : null)
                                 ?? db.Timers.Attach(new TimerRecord { Id = b.Id, InstanceId = instance.Id, Kind = TimerKinds.Bookmark }).Entity);
            else if (b.Name == ChildWorkflows.BookmarkName)
                // The child's end delivers itself through a timer row that may or may not exist yet (the parent can be
                // cancelled first), so it is deleted by query, not by key.
                await db.Timers.Where(t => t.Id == b.Id).ExecuteDeleteAsync(ct);
        }
        // A child this instance waited for and no longer does (it was cancelled, a WaitAny join or a return dropped the
        // step) is cancelled with it, as Elsa cancels a cancelled parent's children. A resumed bookmark's child has ended.
        foreach (var b in result.RemovedBookmarks.Where(b => b.Name == ChildWorkflows.BookmarkName))
            if (b.Payload?["childInstanceId"] is JsonValue childId && childId.TryGetValue<string>(out var id))
                await CancelChildAsync(id, instance.Id, actor, now, ct);
        foreach (var b in result.AddedBookmarks)
        {
            db.Bookmarks.Add(new BookmarkRecord
            {
                Id = b.Id, InstanceId = instance.Id, ActivityId = b.ActivityId, ActivityType = b.ActivityType, Name = b.Name,
                PayloadJson = b.Payload?.ToJsonString(), CreatedAt = b.CreatedAt, DueAt = b.DueAt,
            });
            if (b.DueAt is { } due)
                db.Timers.Add(new TimerRecord { Id = b.Id, InstanceId = instance.Id, Kind = TimerKinds.Bookmark, BookmarkId = b.Id, DueAt = due });
        }
        foreach (var entry in result.Journal) InstanceJournal.Append(db, instance, entry, actor);
        NotifyParent(instance, state, now, previousStatus);
        var context = new StimulusContext(db, instance, actor, now, previousStatus)
        {
            RunningDeadlinesTracked = runningDeadlinesTracked || workingSetTracked, OpenTasksTracked = workingSetTracked,
        };
        foreach (var effect in result.Effects)
        {
            if (effect.Effect is ChildInstanceEffect child)
            {
                var record = await StartChildAsync(child, actor, now, ct);
                // The step waiting for it was dropped in this very stimulus (the parent faulted or ended, a join or a Break
                // cancelled the step): its bookmark never reached storage, so nobody will take the child's end. It is cancelled
                // now, like the child of a step dropped later.
                if (child.Result.State.ParentBookmarkId is { } waitedOn && state.Bookmarks.All(b => b.Id != waitedOn))
                    await CancelChildAsync(record, instance.Id, actor, now, ct);
                continue;
            }
            var handler = effectHandlers.FirstOrDefault(h => h.CanHandle(effect.Effect))
                          ?? throw new InvalidOperationException($"No handler is registered for effect {effect.Effect.GetType().Name}.");
            await handler.HandleAsync(context, effect, ct);
        }
        foreach (var observer in observers) await observer.OnAppliedAsync(context, result, ct);
        if (state.Status == WorkflowStatus.Faulted)
            logger.LogWarning("Instance {InstanceId} faulted at {ActivityId}: {Fault}", instance.Id, state.FaultedActivityId, state.Fault);
    }

    /// <summary>
    /// Stores a child workflow (ExecuteWorkflow, DispatchWorkflow, a workflow used as an activity) as its own instance in the
    /// parent's transaction; its effects (tasks, timers, its own children) are applied to it like any stimulus's.
    /// </summary>
    private async Task<InstanceRecord> StartChildAsync(ChildInstanceEffect child, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var version = await definitions.PublishedAsync(child.DefinitionId, ct)
                      ?? throw new InvalidOperationException($"Workflow definition '{child.DefinitionId}' ran as a child but has no published version.");
        var input = child.Result.State.Input;
        var record = new InstanceRecord
        {
            Id = child.InstanceId, DefinitionId = child.DefinitionId, DefinitionVersionId = version.Id, DefinitionVersion = version.Version,
            Name = version.Name, CorrelationId = child.CorrelationId is { Length: > 128 } c ? c[..128] : child.CorrelationId, StateJson = "{}",
            CreatedAt = now, UpdatedAt = now, CreatedBy = actor.Name, Month = Partitions.Months.Of(now),
            Applicant = InputText(input, "applicant"), ProjectName = InputText(input, "project") ?? InputText(input, "projectName"),
        };
        db.Instances.Add(record);
        await ApplyAsync(record, child.Result, actor, now, null, ct);
        logger.LogInformation("Started child instance {InstanceId} of {DefinitionId} v{Version} for {ParentId}: {Status}",
            record.Id, child.DefinitionId, version.Version, child.Result.State.ParentInstanceId, record.Status);
        return record;
    }

    /// <summary>
    /// Cancels a still-running child in the parent's transaction, as its own stimulus (journal, audit, tasks closed); its own
    /// waiting children follow. The revision claim makes a concurrent stimulus of the child a conflict the parent retries.
    /// </summary>
    private async Task CancelChildAsync(string childId, string parentId, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Instances.SingleOrDefaultAsync(i => i.Id == childId, ct) is { } child)
            await CancelChildAsync(child, parentId, actor, now, ct);
    }

    private async Task CancelChildAsync(InstanceRecord child, string parentId, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (Ended(child.Status)) return;
        var childId = child.Id;
        var version = await definitions.ForExecutionAsync(child.DefinitionVersionId, ct)
                      ?? throw new InvalidOperationException($"Definition version {child.DefinitionVersionId} of instance {childId} is missing.");
        var state = ReadState(child);
        // Nobody waits for its end any more: nothing is delivered back to the parent.
        state.ParentBookmarkId = null;
        var previousStatus = child.Status;
        // A child started in this transaction is not stored yet: nobody else can have touched it.
        if (db.Entry(child).State != EntityState.Added) await ClaimRevisionAsync(child, ct);
        var result = engine.Cancel(childId, definitions.Flowchart(version), state, $"parent instance {parentId} no longer waits for it", actor.Name);
        await ApplyAsync(child, result, actor, now, previousStatus, ct);
    }

    /// <summary>
    /// Bumps the revision of an instance this stimulus changes without holding its lock (a child cancelled with its
    /// parent): a concurrent stimulus of that instance makes this one a conflict (retried), not an overwrite.
    /// </summary>
    private async Task ClaimRevisionAsync(InstanceRecord instance, CancellationToken ct)
    {
        var expected = instance.Revision;
        var claimed = await db.Instances.Where(i => i.Id == instance.Id && i.Revision == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Revision, expected + 1), ct);
        if (claimed == 0) throw new DbUpdateConcurrencyException($"Instance {instance.Id} moved past revision {expected}.");
        // ApplyAsync increments Revision to expected + 1, which is now what the row holds.
        db.Entry(instance).Property(i => i.Revision).OriginalValue = expected + 1;
        instance.Revision = expected;
    }

    /// <summary>
    /// A child someone waits for has just ended: a due timer row carries its result to the parent's bookmark. The timer
    /// sweeper delivers it as an ordinary resume in the parent's own transaction, once across replicas and after restarts.
    /// </summary>
    private void NotifyParent(InstanceRecord instance, WorkflowState state, DateTimeOffset now, WorkflowStatus? previousStatus)
    {
        if (state is not { ParentInstanceId: { } parentId, ParentBookmarkId: { } bookmarkId } || !Ended(state.Status) || (previousStatus is { } p && Ended(p))) return;
        db.Timers.Add(new TimerRecord
        {
            Id = bookmarkId, InstanceId = parentId, Kind = TimerKinds.Bookmark, BookmarkId = bookmarkId, DueAt = now,
            PayloadJson = ChildWorkflows.Completion(instance.Id, state).ToJsonString(),
        });
    }

    private static bool Ended(WorkflowStatus status) => status is WorkflowStatus.Finished or WorkflowStatus.Cancelled or WorkflowStatus.Faulted;

    public static WorkflowState ReadState(InstanceRecord instance) => JsonSerializer.Deserialize<WorkflowState>(instance.StateJson, Json)!;
}
