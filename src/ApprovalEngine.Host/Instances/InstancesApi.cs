using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Instances;

public sealed record StartInstanceRequest(string? DefinitionId, string? CorrelationId, JsonObject? Input);
/// <summary>The instance after a stimulus; a step that failed (e.g. a script over its time limit) shows as fault and faultCode.</summary>
/// <remarks><c>CorrelationId</c> is the file number, given or (when none was sent) from the configured pattern.</remarks>
public sealed record InstanceCreated(string Id, WorkflowStatus Status, string? Fault = null, string? FaultCode = null, string? CorrelationId = null)
{
    public static InstanceCreated From(InstanceRecord instance) => instance.Status == WorkflowStatus.Faulted
        ? new(instance.Id, instance.Status, instance.Fault, WorkflowRuntime.ReadState(instance).FaultCode, instance.CorrelationId)
        : new(instance.Id, instance.Status, CorrelationId: instance.CorrelationId);
}
/// <param name="Outcome">How the office ends the application: <c>withdrawn</c> (撤回, at the applicant's request) or <c>terminated</c>
/// (终止办理, which needs a reason and is told to the applicant); omitted, a plain cancellation (Studio's, an administrator's)
/// that reads as withdrawn, as before.</param>
public sealed record CancelRequest(string? Reason, string? Outcome = null);
public sealed record ResumeRequest(JsonNode? Payload);

public sealed record CurrentActivity(string ActivityId, string ActivityType, string? Name, string BookmarkId, string Waiting, DateTimeOffset Since, DateTimeOffset? DueAt);

public sealed record InstanceView(
    string Id, string DefinitionId, int DefinitionVersion, string DefinitionVersionId, string Name, string? CorrelationId,
    WorkflowStatus Status, string? Fault, string? FaultCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, string? CreatedBy,
    IReadOnlyList<CurrentActivity> CurrentActivities, IReadOnlyDictionary<string, JsonNode?> Variables, JsonObject Input,
    IReadOnlyList<Deadlines.DeadlineView> Deadlines, DateTimeOffset? ArchivedAt = null, JsonObject? Output = null, string? Outcome = null);

/// <remarks><c>AwaitingCorrection</c>: a correction notice waits for the applicant (the list shows 待补正, not just 办理中).
/// <c>Outcome</c>: how the application came out (approved | denied | notAccepted | withdrawn | terminated | revoked | ended), null while unsettled
/// (<see cref="ApplicationOutcomes"/>; a decided application still sealing and pushing has its outcome already).</remarks>
public sealed record InstanceSummary(string Id, string DefinitionId, int DefinitionVersion, string Name, string? CorrelationId,
    WorkflowStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, string? Applicant, bool AwaitingCorrection = false,
    string? Outcome = null);

/// <summary>A page of a list; TotalCountCapped: there are more than TotalCount, which stopped counting there (the applications list).</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize, bool TotalCountCapped = false);

/// <summary>How much waits for the caller in a section (a menu's badge), counted up to <see cref="Cap"/>: <c>capped</c> when there is more.</summary>
public sealed record PendingCount(int Count, bool Capped)
{
    /// <summary>The menu shows "99+" past 99; counting further would only cost.</summary>
    public const int Cap = 1000;

    /// <summary>From a count of at most <see cref="Cap"/> + 1 rows.</summary>
    public static PendingCount Of(int counted) => new(Math.Min(counted, Cap), counted > Cap);
}

public sealed record JournalView(int Sequence, DateTimeOffset Timestamp, string? ActivityId, string? ActivityType, string EventName,
    string? Outcome, string? Message, JsonNode? Payload, string? Actor, string? Department);

/// <summary>Workflow instances: start (intake), inspect, journal, cancel, and deliver generic events.</summary>
public static class InstancesApi
{
    public static void MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization(Policies.Staff);
        api.MapPost("/", Start).RequireAuthorization(Policies.Intake);
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapGet("/{id}/journal", Journal);
        api.MapPost("/{id}/cancel", Cancel).RequireAuthorization(Policies.Intake);
        api.MapPost("/{id}/bookmarks/{bookmarkId}/resume", Resume).RequireAuthorization(Policies.Intake);
    }

    /// <summary>
    /// With an <c>Idempotency-Key</c> header a retry (same caller, key and body) answers with the first instance and
    /// creates nothing (header Idempotent-Replayed: true); the same key with another body is 409 idempotency.key-reused.
    /// Without a <c>correlationId</c> the application gets a file number in the configured pattern (FileNumbers:Pattern:
    /// area code + date + serial). An <c>input.projectCode</c> must be a valid GB/T 40058 investment project code.
    /// </summary>
    public static async Task<Created<InstanceCreated>> Start(StartInstanceRequest request, WorkflowRuntime runtime, FileNumbers fileNumbers,
        Persistence.Definitions.DefinitionStore definitions, TimeProvider time, HttpContext http,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionId)) throw new BadRequestException("'definitionId' is required.", ErrorCodes.ValidationField, "definitionId");
        Licences.ApplicationCodes.Validate(request.Input, "input.");
        var definitionId = request.DefinitionId;
        // The process's own form fields the clerk gave (建筑面积 …) are checked as online: a floor area of "abc" was printed on
        // the permit. The published version is read here only for such fields or a file number to take (the 3550 load's
        // start, with its own number and no form fields, reads it once, in the start).
        var formFieldsGiven = request.Input is { } input && input.Any(p => !Licences.ApplicationCodes.TextMembers.Contains(p.Key));
        var numbered = string.IsNullOrWhiteSpace(request.CorrelationId);
        var published = formFieldsGiven || numbered ? await definitions.PublishedAsync(definitionId, ct) : null;
        if (formFieldsGiven && published is not null)
        {
            var form = Applicants.ServiceGuides.From(published.DefinitionId, published.Version, published.ModelJson)?.Form ?? [];
            foreach (var (name, value) in Applicants.FormFields.Validate(form, request.Input, Approvals.Calendar.ChinaTime.ChinaDate(time.GetUtcNow()), "input.", given: true)) request.Input![name] = value?.DeepClone();
        }
        // A number is taken only for a start that can happen: a refused request leaves the register untouched.
        Func<CancellationToken, Task<string>>? numbering = numbered && published is not null ? c => fileNumbers.NextAsync(definitionId, c) : null;
        var (instance, replayed) = await runtime.StartOnceAsync(definitionId, request.CorrelationId, request.Input, http.User.ToActor(), idempotencyKey, ct,
            fileNumber: numbering);
        if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/instances/{instance.Id}", InstanceCreated.From(instance));
    }

    public static async Task<Results<Ok<InstanceView>, NotFound>> Get(string id, ApprovalDbContext db, Persistence.Definitions.DefinitionStore definitions,
        Persistence.Deadlines.DeadlineService deadlines, ApplicationAccess access, TimeProvider time, CancellationToken ct)
    {
        // The row, whether the caller may read it and its clocks in one statement: the office's application page and every
        // client that follows a case read this after each step, and three round trips here were a third of a fork/join
        // instance's statements.
        var visible = access.Visible(db.Instances.AsNoTracking());
        var read = await db.Instances.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { Instance = i, MayRead = visible.Any(v => v.Id == i.Id), Deadlines = db.Deadlines.Where(d => d.InstanceId == i.Id).OrderBy(d => d.StartedAt).ThenBy(d => d.Id).ToList() })
            .SingleOrDefaultAsync(ct);
        await access.AllowReadAsync(id, read?.MayRead, "details", ct);
        var instance = read!.Instance;
        var state = WorkflowRuntime.ReadState(instance);
        var version = await definitions.ForExecutionAsync(instance.DefinitionVersionId, ct);
        var flowchart = version is null ? null : definitions.Flowchart(version);
        var current = state.Bookmarks.Select(b => new CurrentActivity(b.ActivityId, b.ActivityType,
            flowchart?.Activities.GetValueOrDefault(b.ActivityId)?.DisplayName, b.Id, b.Name, b.CreatedAt, b.DueAt)).ToList();
        var deadlineViews = Deadlines.DeadlinesApi.Views(read.Deadlines, deadlines, time.GetUtcNow());
        return TypedResults.Ok(new InstanceView(instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.DefinitionVersionId,
            instance.Name, instance.CorrelationId, instance.Status, instance.Fault, state.FaultCode, instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt,
            instance.CreatedBy, current, state.Variables, state.Input, deadlineViews, instance.ArchivedAt, state.Output, instance.Outcome));
    }

    /// <summary>
    /// The applications the caller may see, newest first. <c>q</c> finds a part of the file number, the applicant or the
    /// process name (the office's 办件查询); the list is filtered by need-to-know before anything is matched.
    /// </summary>
    /// <param name="outcome">How the applications came out: one of <see cref="ApplicationOutcomes.All"/>.</param>
    public static async Task<Ok<PagedList<InstanceSummary>>> List(ApprovalDbContext db, ApplicationAccess access, WorkflowStatus? status, string? definitionId,
        string? correlationId, string? q, string? outcome, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Paging(page, pageSize);
        if (q is { Length: > 128 }) throw new BadRequestException("'q' must be at most 128 characters.", ErrorCodes.ValidationField, "q");
        // ASP.NET binds an enum from a number too: status=99 named no status and listed nothing.
        if (status is { } named && !Enum.IsDefined(named))
            throw new BadRequestException($"'status' must be one of: {string.Join(", ", Enum.GetNames<WorkflowStatus>())}.", ErrorCodes.ValidationField, "status");
        if (!string.IsNullOrEmpty(outcome) && !ApplicationOutcomes.All.Contains(outcome))
            throw new BadRequestException($"'outcome' must be one of: {string.Join(", ", ApplicationOutcomes.All)}.", ErrorCodes.ValidationField, "outcome");
        var list = await access.VisibleInListAsync(db.Instances.AsNoTracking(), ct);
        var term = q?.Trim();
        IQueryable<InstanceRecord> Filter(IQueryable<InstanceRecord> query)
        {
            if (status is not null) query = query.Where(i => i.Status == status);
            if (!string.IsNullOrEmpty(definitionId)) query = query.Where(i => i.DefinitionId == definitionId);
            if (!string.IsNullOrEmpty(outcome)) query = query.Where(i => i.Outcome == outcome);
            if (!string.IsNullOrEmpty(correlationId)) query = query.Where(i => i.CorrelationId == correlationId);
            if (!string.IsNullOrEmpty(term))
                query = query.Where(i => (i.CorrelationId != null && i.CorrelationId.Contains(term)) || (i.Applicant != null && i.Applicant.Contains(term)) || i.Name.Contains(term));
            return query;
        }
        var items = await Filter(list.Shown).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Skip(p * size).Take(size)
            .Select(i => new InstanceSummary(i.Id, i.DefinitionId, i.DefinitionVersion, i.Name, i.CorrelationId, i.Status, i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.Applicant,
                db.CorrectionNotices.Any(n => n.InstanceId == i.Id && n.ResolvedAt == null), i.Outcome))
            .ToListAsync(ct);
        var (total, capped) = await list.TotalAsync(Filter, p * size, size, items.Count, ct);
        return TypedResults.Ok(new PagedList<InstanceSummary>(items, total, p, size, capped));
    }

    public static async Task<Results<Ok<List<JournalView>>, NotFound>> Journal(string id, ApprovalDbContext db, ApplicationAccess access, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "journal", ct);
        // Hot and archived lines in one query: an archived application reads exactly as before.
        var month = await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.Month).SingleAsync(ct);
        var rows = await Persistence.Archiving.Archiver.Journal(db, id, month).OrderBy(j => j.Sequence).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(j => new JournalView(j.Sequence, j.Timestamp, j.ActivityId, j.ActivityType, j.EventName, j.Outcome,
            j.Message, j.PayloadJson is null ? null : JsonNode.Parse(j.PayloadJson), j.Actor, j.Department)).ToList());
    }

    public static async Task<Ok<InstanceCreated>> Cancel(string id, CancelRequest? request, WorkflowRuntime runtime, ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        var reason = request?.Reason?.Trim();
        if (reason is { Length: > 500 }) throw new BadRequestException("'reason' must be at most 500 characters.", ErrorCodes.ValidationField, "reason");
        var outcome = request?.Outcome;
        if (outcome is not (null or ApplicationOutcomes.Withdrawn or ApplicationOutcomes.Terminated))
            throw new BadRequestException($"'outcome' must be '{ApplicationOutcomes.Withdrawn}' or '{ApplicationOutcomes.Terminated}'.", ErrorCodes.ValidationField, "outcome");
        // 终止办理 is told to the applicant with its reason (the notice and their status page say why).
        if (outcome == ApplicationOutcomes.Terminated && string.IsNullOrEmpty(reason))
            throw new BadRequestException("Terminating an application needs a 'reason'.", ErrorCodes.ValidationField, "reason");
        await access.EnsureCanReadAsync(id, null, ct); // a clerk ends their window's applications only
        var message = !string.IsNullOrEmpty(reason) ? reason : outcome == ApplicationOutcomes.Withdrawn ? ApplicationOutcomes.WithdrawnAtRequest : ApplicationOutcomes.PlainCancellation;
        // A withdrawal or termination the office names comes before the decision; a plain cancellation stays what it was.
        var instance = await runtime.CancelAsync(id, message, http.User.ToActor(), ct, outcome, undecidedOnly: outcome is not null);
        return TypedResults.Ok(InstanceCreated.From(instance));
    }

    /// <summary>
    /// Delivers a generic event (Elsa.Event bookmarks) to the instance. Review tasks and timers have their own
    /// channels with their own rules, so their bookmarks cannot be resumed here.
    /// </summary>
    public static async Task<Ok<InstanceCreated>> Resume(string id, string bookmarkId, ResumeRequest? request,
        WorkflowRuntime runtime, ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        // The window and the bookmark are checked on the locked instance, not read ahead of the lock: no round trip for the
        // clerk who started it (every resume of the fork/join bench), and a refusal thrown there rolls the stimulus back, so
        // it changes nothing either way. Another window's clerk is refused before learning whether the bookmark exists.
        var actor = http.User.ToActor();
        var instance = await runtime.ResumeAsync(id, bookmarkId, request?.Payload, actor, ct, onlyActivityType: "Elsa.Event",
            authorize: (locked, c) => access.EnsureClerkMayActAsync(locked, actor, c));
        return TypedResults.Ok(InstanceCreated.From(instance));
    }

    /// <summary>page x pageSize stays far from int.MaxValue (a negative OFFSET once reached the database).</summary>
    public const int MaxPage = 1_000_000;

    public static (int Page, int PageSize) Paging(int? page, int? pageSize)
    {
        if (page is < 0 or > MaxPage) throw new BadRequestException($"'page' must be from 0 to {MaxPage}.", ErrorCodes.Paging, "page");
        if (pageSize is < 1 or > 500) throw new BadRequestException("'pageSize' must be between 1 and 500.", ErrorCodes.Paging, "pageSize");
        return (page ?? 0, pageSize ?? 50);
    }
}
