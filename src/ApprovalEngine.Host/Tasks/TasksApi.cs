using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Tasks;

public sealed record TaskView(
    string Id, string InstanceId, string ActivityId, TaskKind Kind, string Department, string Title, string? Instructions,
    string DefinitionId, string? CorrelationId, int Round, int? DeadlineWorkingDays, IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> RequiredMaterials, JsonNode? Context, TaskStatus Status, DateTimeOffset CreatedAt,
    string? ClaimedBy, DateTimeOffset? ClaimedAt, string? CompletedBy, DateTimeOffset? CompletedAt,
    string? Outcome, string? Opinion, IReadOnlyList<string>? Materials, DateOnly? DueDate, bool IsOverdue)
{
    public static TaskView From(TaskRecord t) => new(
        t.Id, t.InstanceId, t.ActivityId, t.Kind, t.Department, t.Title, t.Instructions, t.DefinitionId, t.CorrelationId, t.Round,
        t.DeadlineWorkingDays, JsonSerializer.Deserialize<List<string>>(t.OutcomesJson)!, JsonSerializer.Deserialize<List<string>>(t.RequiredMaterialsJson)!,
        t.ContextJson is null ? null : JsonNode.Parse(t.ContextJson), t.Status, t.CreatedAt, t.ClaimedBy, t.ClaimedAt, t.CompletedBy, t.CompletedAt,
        t.Outcome, t.Opinion, t.MaterialsJson is null ? null : JsonSerializer.Deserialize<List<string>>(t.MaterialsJson), t.DueDate, t.IsOverdue);
}

/// <remarks>A shared licence (免提交) has <c>LicenceNumber</c>: its public verification page says whether it is still in force.</remarks>
public sealed record MaterialView(string Id, string InstanceId, string Name, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt,
    string? LicenceNumber = null)
{
    public static MaterialView From(MaterialRecord m) => new MaterialView(m.Id, m.InstanceId, m.Name, m.FileName, m.ContentType, m.Size, m.Sha256, m.UploadedBy, m.UploadedAt)
        .WithLicence();

    /// <summary>A shared licence (免提交) is stored as its sealed document named after its number: the number is the licence's.</summary>
    public MaterialView WithLicence() =>
        ContentType == Licences.LicencesApi.SharedLicenceContentType ? this with { LicenceNumber = Path.GetFileNameWithoutExtension(FileName) } : this;
}

/// <summary>
/// A worklist page; <c>next</c> is the cursor of the page after it (<c>after=</c>), null on the last page. <c>totalCount</c> is
/// counted for a first or numbered page and null on a keyset page (<c>after=</c>): keep the first page's count.
/// </summary>
public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, int? TotalCount, int Page, int PageSize, string? Next);

/// <summary>Department inboxes and the applicant's materials.</summary>
public static class TasksApi
{
    public static void MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Tasks").RequireAuthorization(Policies.Staff);
        tasks.MapGet("/", List);
        tasks.MapGet("/pending-count", CountWaiting);
        tasks.MapGet("/{id}", Get);
        tasks.MapPost("/{id}/claim", Claim);
        tasks.MapPost("/{id}/release", Release);
        tasks.MapPost("/{id}/complete", Complete);

        var materials = app.MapGroup("/api/instances/{id}").WithTags("Materials").RequireAuthorization(Policies.Staff);
        materials.MapGet("/materials", ListMaterials);
        materials.MapGet("/materials/{materialId}/content", Download);
        materials.MapPost("/materials", Upload).RequireAuthorization(Policies.Intake).DisableAntiforgery();
        materials.MapPost("/resubmission", Resubmit).RequireAuthorization(Policies.Intake);
        materials.MapGet("/correction-notices", Notices);
        materials.MapGet("/tasks", ApplicationSteps).WithTags("Tasks");
    }

    /// <summary>
    /// Every step of one application, of every department, oldest first, with its outcome and opinion: what the office's
    /// application page shows (各部门审查意见). Whoever may read the application reads them all; the worklist
    /// (<c>GET /api/tasks?instanceId=</c>) keeps to the caller's inboxes, so the bureau deciding jointly saw no
    /// department's opinion there. The read is recorded in the access log.
    /// </summary>
    public static async Task<Ok<List<WorklistItem>>> ApplicationSteps(string id, Persistence.Storage.ApprovalDbContext db, ApplicationAccess access, WorklistCards cards,
        CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "tasks", ct);
        var tasks = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Tasks).Where(t => t.InstanceId == id)
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(1000), ct);
        return TypedResults.Ok(await cards.BuildAsync(tasks, ct));
    }

    /// <summary>
    /// The worklist. view=mine|department|done, q (file number, applicant, process), definitionId,
    /// sort=due|created|department|completed (default due ascending; completed, by the time each was handled, for the done
    /// view or status=completed), desc=true; each item is a card with names, applicant and the step's deadline state.
    /// Keyset paging: after=&lt;the previous answer's next&gt; instead of page (sort due, created or completed).
    /// </summary>
    public static async Task<Ok<WorklistPage>> List(TaskService service, WorklistCards cards, HttpContext http, string? status, string? department,
        string? instanceId, int? page, int? pageSize, string? q, string? definitionId, string? view, string? sort, bool? desc, string? after, CancellationToken ct)
    {
        TaskStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
            parsed = TryParseName<TaskStatus>(status, out var s) ? s
                : throw new BadRequestException("'status' must be one of: open, claimed, completed, cancelled.", ErrorCodes.Sort, "status");
        WorklistView? parsedView = string.IsNullOrEmpty(view) ? null
            : TryParseName<WorklistView>(view, out var v) ? v
            : throw new BadRequestException("'view' must be one of: mine, department, done.", ErrorCodes.Sort, "view");
        var parsedSort = string.IsNullOrEmpty(sort) ? WorklistSort.Due
            : TryParseName<WorklistSort>(sort, out var o) ? o
            : throw new BadRequestException("'sort' must be one of: due, created, department, completed.", ErrorCodes.Sort, "sort");
        if (parsedSort == WorklistSort.Completed && parsedView != WorklistView.Done && (parsedView is not null || parsed != TaskStatus.Completed))
            throw new BadRequestException("'sort=completed' orders handled tasks: use it with view=done or status=completed.", ErrorCodes.Sort, "sort");
        if (q is { Length: > 128 }) throw new BadRequestException("'q' must be at most 128 characters.", ErrorCodes.ValidationField, "q");
        var (p, size) = InstancesApi.Paging(page, pageSize);
        WorklistCursor? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (after.Length > 512) throw new BadRequestException("'after' is not a cursor from a worklist answer's 'next'.", ErrorCodes.ValidationField, "after");
            cursor = WorklistCursor.Decode(after);
            if (cursor.Sort != parsedSort || cursor.Desc != (desc == true))
                throw new BadRequestException("'after' belongs to another sort order; keep sort and desc while following 'next'.", ErrorCodes.ValidationField, "after");
            if (page is not null) throw new BadRequestException("Use either 'page' or 'after', not both.", ErrorCodes.Paging, "page");
        }
        if (parsedSort == WorklistSort.Department && cursor is not null)
            throw new BadRequestException("Keyset paging ('after') is for sort=due, created or completed.", ErrorCodes.Sort, "after");
        var (items, total) = await service.QueryAsync(new TaskQuery(parsed, department, instanceId, p, size, q, definitionId, parsedView, parsedSort, desc == true, cursor),
            http.User.ToActor(), ct);
        var next = items.Count == size && parsedSort != WorklistSort.Department ? WorklistCursor.After(items[^1].Task, parsedSort, desc == true).Encode() : null;
        return TypedResults.Ok(new WorklistPage(await cards.BuildAsync(items, ct, withSigners: parsedView is not null), total, cursor is null ? p : 0, size, next));
    }

    /// <summary>
    /// How many tasks wait in the caller's worklist as it opens (部门待办), up to <see cref="PendingCount.Cap"/>: the menu's
    /// badge. Reviewers and clerks have a worklist; admins and auditors, who see every department's, are not the ones waited for.
    /// </summary>
    public static async Task<Ok<PendingCount>> CountWaiting(TaskService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(PendingCount.Of(await service.CountWaitingAsync(http.User.ToActor(), PendingCount.Cap, ct)));

    /// <summary>An enum by its name only: Enum.TryParse also takes numbers ("view=7"), which name no view and filtered nothing.</summary>
    private static bool TryParseName<T>(string value, out T parsed) where T : struct, Enum =>
        Enum.TryParse(value, ignoreCase: true, out parsed) && value.All(char.IsAsciiLetter);

    public static async Task<Ok<WorklistItem>> Get(string id, TaskService service, WorklistCards cards, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await cards.BuildAsync([await service.GetAsync(id, http.User.ToActor(), ct)], ct)).Single());

    public static async Task<Ok<TaskView>> Claim(string id, TaskService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskView.From(await service.ClaimAsync(id, http.User.ToActor(), ct)));

    public static async Task<Ok<TaskView>> Release(string id, TaskService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskView.From(await service.ReleaseAsync(id, http.User.ToActor(), ct)));

    /// <summary>Body: {"outcome":"Approved|Rejected|NeedsCorrection|...","opinion":"..","materials":[..],"competentAgency":".."}.</summary>
    public static async Task<Ok<TaskView>> Complete(string id, CompleteTaskRequest request, TaskService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskView.From(await service.CompleteAsync(id, request, http.User.ToActor(), ct)));

    public static async Task<Ok<List<MaterialView>>> ListMaterials(string id, Persistence.Storage.ApprovalDbContext db, ApplicationAccess access, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "materials", ct);
        // Projected in SQL (the content stays in the database), then marked: a shared licence shows as one.
        var views = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Materials.Where(m => m.InstanceId == id).OrderBy(m => m.UploadedAt)
                .Select(m => new MaterialView(m.Id, m.InstanceId, m.Name, m.FileName, m.ContentType, m.Size, m.Sha256, m.UploadedBy, m.UploadedAt, null)), ct);
        return TypedResults.Ok(views.Select(v => v.WithLicence()).ToList());
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> Download(string id, string materialId, Persistence.Storage.ApprovalDbContext db,
        ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, null, ct);
        var m = await db.Materials.FindAsync([materialId], ct);
        if (m is null || m.InstanceId != id) return TypedResults.NotFound();
        await access.RecordReadAsync(id, $"material:{materialId}", ct);
        // Always a download, never rendered inline; the name travels as RFC 5987 UTF-8 (see SecurityHeaders.Attachment).
        http.Response.Headers.ContentDisposition = Platform.SecurityHeaders.Attachment(m.FileName);
        return TypedResults.File(m.Content, m.ContentType);
    }

    /// <summary>multipart/form-data with fields "name" (which material) and "file".</summary>
    public static async Task<Created<MaterialView>> Upload(string id, HttpRequest request, MaterialService service, ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, null, ct); // a clerk adds materials to their window's applications only
        return await UploadMaterialAsync(id, request, service, http, ct);
    }

    /// <summary>The upload itself, for a caller that has decided who may add to the application (the window above, the owner online).</summary>
    public static async Task<Created<MaterialView>> UploadMaterialAsync(string id, HttpRequest request, MaterialService service, HttpContext http, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new BadRequestException("Send the material as multipart/form-data with fields 'name' and 'file'.", ErrorCodes.MaterialForm);
        var form = await Security.BadInput.ReadFormAsync(request, ct);
        var file = Security.BadInput.SingleFile(form, "file") ?? throw new BadRequestException("The form has no 'file'.", ErrorCodes.MaterialForm, "file");
        var name = Security.BadInput.SingleValue(form, "name");
        Security.InputGuard.CheckText(name, "name");
        Security.InputGuard.CheckText(file.FileName, "file");
        await using var stream = file.OpenReadStream();
        var material = await service.UploadAsync(id, new MaterialUpload(name, file.FileName, file.ContentType, file.Length, stream), http.User.ToActor(), ct);
        return TypedResults.Created($"/api/instances/{id}/materials/{material.Id}/content", MaterialView.From(material));
    }

    public static async Task<Ok<InstanceCreated>> Resubmit(string id, MaterialService service, ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, null, ct);
        var instance = await service.ResubmitAsync(id, http.User.ToActor(), ct);
        return TypedResults.Ok(InstanceCreated.From(instance));
    }

    public static async Task<Ok<List<JsonObject>>> Notices(string id, Persistence.Storage.ApprovalDbContext db, ApplicationAccess access, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "correction-notices", ct);
        var notices = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.CorrectionNotices.Where(n => n.InstanceId == id).OrderBy(n => n.CreatedAt), ct);
        return TypedResults.Ok(notices.Select(n => new JsonObject
        {
            ["id"] = n.Id, ["requestedBy"] = n.RequestedBy, ["missing"] = JsonNode.Parse(n.MissingJson), ["opinion"] = n.Opinion,
            ["createdAt"] = n.CreatedAt, ["resolvedAt"] = n.ResolvedAt,
        }).ToList());
    }
}
