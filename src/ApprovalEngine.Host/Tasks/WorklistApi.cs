using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Deadlines;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Tasks;

/// <summary>A worklist card: the task plus what a person needs to pick it (process, step, applicant, deadline), all named.</summary>
public sealed record WorklistItem(
    string Id, string InstanceId, string? CorrelationId, string DefinitionId, string DefinitionName, string StepName, string ActivityId,
    string? ActivityType, TaskKind Kind, string Department, string DepartmentName, TaskStatus Status, string? ClaimedBy, string? ClaimedByName,
    DateTimeOffset? ClaimedAt, DateTimeOffset CreatedAt, string? CompletedBy, DateTimeOffset? CompletedAt, string? Outcome, string? Opinion,
    string? Applicant, string? ProjectName, DateOnly? DueDate, int? WorkingDaysLeft, string DeadlineState, bool IsOverdue,
    IReadOnlyList<string> AllowedOutcomes, IReadOnlyList<string> RequiredMaterials, string Title, string? Instructions, int Round,
    int? DeadlineWorkingDays, JsonNode? Context, IReadOnlyList<string>? WaitingSigners = null);

public sealed record BulkRequest(IReadOnlyList<string>? TaskIds, string? Outcome, string? Opinion);
public sealed record BulkResult(string TaskId, int Status, string? Code, string? Detail);
public sealed record BulkResponse(IReadOnlyList<BulkResult> Results);

public sealed record NoticeItem(string Material, string? Reason);
public sealed record NoticeView(IReadOnlyList<NoticeItem> Items, string? Text);
public sealed record AwaitingApplicant(
    string InstanceId, string? CorrelationId, string DefinitionName, string? Applicant, string? ProjectName, string RequestedBy,
    string RequestedByName, DateTimeOffset RequestedAt, NoticeView Notice, DateOnly? ClockPausedSince, int? WorkingDaysUsed, int? WorkingDaysLeft);

/// <summary>Builds worklist cards for tasks with their applications' facts and steps' clocks, read with the page (TaskService.QueryAsync).</summary>
public sealed class WorklistCards(ApprovalDbContext db, DefinitionStore definitions, DeadlineService deadlines, StaffDirectory directory, TimeProvider time)
{
    /// <summary>Cards for tasks read without their facts (one task's GET): the facts in one statement.</summary>
    public async Task<List<WorklistItem>> BuildAsync(IReadOnlyList<TaskRecord> tasks, CancellationToken ct)
    {
        if (tasks.Count == 0) return [];
        var instanceIds = tasks.Select(t => t.InstanceId).Distinct().ToList();
        var taskIds = tasks.Select(t => t.Id).ToList();
        // The applications with their steps' clocks in one statement (a step's clock belongs to its application; an
        // application archived out of the hot tables has only finished steps, which show no clock).
        var rows = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .Select(i => new
            {
                i.Id, Facts = new TaskApplicationFacts(i.Name, i.DefinitionVersionId, i.Applicant, i.ProjectName),
                Clocks = db.Deadlines.Where(d => d.InstanceId == i.Id && d.TaskId != null && taskIds.Contains(d.TaskId)).ToList(),
            }).ToListAsync(ct);
        var instances = rows.ToDictionary(i => i.Id);
        return await BuildAsync(tasks.Select(t => instances.GetValueOrDefault(t.InstanceId) is { } i
            ? new TaskPageRow(t, i.Facts, i.Clocks.Where(d => d.TaskId == t.Id).ToList())
            : new TaskPageRow(t, null, [])).ToList(), ct);
    }

    /// <param name="withSigners">
    /// The office's tabs: each open review or decision card names the signers added to it who have not answered (等待 X 会签),
    /// one statement for the page. A look-up by application (an API client's, the 3550 load's) goes without.
    /// </param>
    public async Task<List<WorklistItem>> BuildAsync(IReadOnlyList<TaskPageRow> rows, CancellationToken ct, bool withSigners = false)
    {
        var now = time.GetUtcNow();
        var cards = new List<WorklistItem>(rows.Count);
        var owners = withSigners
            ? rows.Where(r => r.Task.Kind is TaskKind.Review or TaskKind.Decision && r.Task.ParentTaskId is null && AddedSigners.Pending(r.Task)).Select(r => r.Task.Id).ToList()
            : [];
        List<(string? Owner, string? Signer)> pending = owners.Count == 0 ? [] : (await db.Tasks.AsNoTracking()
                .Where(s => s.ParentTaskId != null && owners.Contains(s.ParentTaskId) && (s.Status == TaskStatus.Open || s.Status == TaskStatus.Claimed))
                .Select(s => new { s.ParentTaskId, Signer = s.AssignedFor ?? s.ClaimedBy }).ToListAsync(ct))
            .Select(s => (s.ParentTaskId, s.Signer)).ToList();
        var waiting = pending.Where(s => s.Signer is not null).ToLookup(s => s.Owner!, s => s.Signer!);
        foreach (var (t, instance, clocks) in rows)
        {
            var node = instance is null ? null : await NodeAsync(instance.DefinitionVersionId, t.ActivityId, ct);
            var (left, state) = Deadline(clocks.OrderByDescending(d => d.StartedAt).FirstOrDefault(), t, now);
            cards.Add(new WorklistItem(t.Id, t.InstanceId, t.CorrelationId, t.DefinitionId, instance?.Name ?? t.DefinitionId,
                node?.DisplayName ?? t.Title, t.ActivityId, node?.Type, t.Kind, t.Department, directory.DepartmentName(t.Department), t.Status,
                t.ClaimedBy, directory.UserName(t.ClaimedBy), t.ClaimedAt, t.CreatedAt, t.CompletedBy, t.CompletedAt, t.Outcome, t.Opinion,
                instance?.Applicant, instance?.ProjectName, t.DueDate, left, state, t.IsOverdue,
                JsonSerializer.Deserialize<List<string>>(t.OutcomesJson)!, JsonSerializer.Deserialize<List<string>>(t.RequiredMaterialsJson)!,
                t.Title, t.Instructions, t.Round, t.DeadlineWorkingDays, t.ContextJson is null ? null : JsonNode.Parse(t.ContextJson),
                withSigners ? waiting[t.Id].ToList() : null));
        }
        return cards;
    }

    private async Task<Workflows.Definitions.ActivityNode?> NodeAsync(string versionId, string activityId, CancellationToken ct) =>
        await definitions.ForExecutionAsync(versionId, ct) is { } version ? definitions.Flowchart(version).Activities.GetValueOrDefault(activityId) : null;

    /// <summary>Working days left and the state on the step's own clock (pauses and extensions included); none once done.</summary>
    private (int? Left, string State) Deadline(DeadlineRecord? clock, TaskRecord task, DateTimeOffset now)
    {
        if (clock is null || task.Status is TaskStatus.Completed or TaskStatus.Cancelled) return (null, "none");
        var standing = deadlines.Standing(clock, now);
        return (standing.Left, standing.Health switch
        {
            DeadlineHealth.Warning => "warning",
            DeadlineHealth.Overdue => "overdue",
            DeadlineHealth.Completed => "none",
            _ => "onTrack",
        });
    }
}

/// <summary>The worklist's bulk actions and the clerk's list of applications waiting for the applicant.</summary>
public static class WorklistApi
{
    public const int MaxBulk = 100;

    public static void MapWorklistApi(this IEndpointRouteBuilder app)
    {
        var bulk = app.MapGroup("/api/tasks/bulk").WithTags("Tasks").RequireAuthorization(Policies.Staff);
        bulk.MapPost("/claim", BulkClaim);
        bulk.MapPost("/complete", BulkComplete);
        app.MapGet("/api/worklist/awaiting-applicant", AwaitingApplicant).WithTags("Tasks").RequireAuthorization(Policies.Intake);
    }

    public static Task<Ok<BulkResponse>> BulkClaim(BulkRequest request, IServiceScopeFactory scopes, HttpContext http, CancellationToken ct) =>
        EachAsync(request, scopes, (tasks, id) => tasks.ClaimAsync(id, http.User.ToActor(), ct));

    /// <summary>One outcome and opinion for every task; each task completes as its own stimulus (transaction, journal line, audit record).</summary>
    public static Task<Ok<BulkResponse>> BulkComplete(BulkRequest request, IServiceScopeFactory scopes, HttpContext http, CancellationToken ct) =>
        EachAsync(request, scopes, (tasks, id) => tasks.CompleteAsync(id, new CompleteTaskRequest(request.Outcome, request.Opinion, null, null), http.User.ToActor(), ct));

    /// <summary>Runs the action per task in its own scope (own DbContext), so one task's failure never touches another's.</summary>
    private static async Task<Ok<BulkResponse>> EachAsync(BulkRequest request, IServiceScopeFactory scopes, Func<TaskService, string, Task<TaskRecord>> action)
    {
        var ids = (request.TaskIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        if (ids.Count == 0) throw new BadRequestException("'taskIds' must list at least one task.", ErrorCodes.ValidationField, "taskIds");
        if (ids.Count > MaxBulk) throw new BadRequestException($"At most {MaxBulk} tasks at once.", ErrorCodes.BulkTooMany, "taskIds");
        var results = new List<BulkResult>(ids.Count);
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await action(scope.ServiceProvider.GetRequiredService<TaskService>(), id);
                results.Add(new BulkResult(id, StatusCodes.Status200OK, null, null));
            }
            catch (ApiException e)
            {
                results.Add(new BulkResult(id, e switch
                {
                    NotFoundException => 404, ConflictException => 409, ForbiddenException => 403, TooLargeException => 413, _ => 400,
                }, e.Code, e.Message));
            }
        }
        return TypedResults.Ok(new BulkResponse(results));
    }

    /// <summary>
    /// Applications waiting for the applicant: every unanswered correction notice, asked by the window or by a
    /// department (a review's NeedsCorrection), with what was asked for and the statutory clock, paused meanwhile. By page,
    /// oldest notice first, with the total; need-to-know: a clerk sees the applications that came through their window.
    /// </summary>
    public static async Task<Ok<PagedList<AwaitingApplicant>>> AwaitingApplicant(int? page, int? pageSize, ApprovalDbContext db, ApplicationAccess access,
        DeadlineService deadlines, StaffDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var ordered = from n in db.CorrectionNotices.AsNoTracking()
                      join i in access.Visible(db.Instances.AsNoTracking()) on n.InstanceId equals i.Id
                      where n.ResolvedAt == null
                      orderby n.CreatedAt, n.Id
                      select new { Notice = n, i.CorrelationId, i.Name, i.Applicant, i.ProjectName };
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        var instanceIds = rows.Select(r => r.Notice.InstanceId).Distinct().ToList();
        var clocks = (await db.Deadlines.AsNoTracking()
                .Where(d => instanceIds.Contains(d.InstanceId) && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null).ToListAsync(ct))
            .ToDictionary(d => d.InstanceId);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PagedList<AwaitingApplicant>(rows.Select(r =>
        {
            var n = r.Notice;
            var clock = clocks.GetValueOrDefault(n.InstanceId);
            var standing = clock is null ? null : deadlines.Standing(clock, now);
            var items = JsonSerializer.Deserialize<List<string>>(n.MissingJson)!.Select(m => new NoticeItem(m, null)).ToList();
            return new AwaitingApplicant(n.InstanceId, r.CorrelationId, r.Name, r.Applicant, r.ProjectName, n.RequestedBy,
                directory.DepartmentName(n.RequestedBy), n.CreatedAt, new NoticeView(items, n.Opinion),
                clock is { IsPaused: true } ? DeadlineService.Pauses(clock).LastOrDefault(p => p.To is null)?.From : null,
                standing?.Used, standing?.Left);
        }).ToList(), total, p, size));
    }
}
