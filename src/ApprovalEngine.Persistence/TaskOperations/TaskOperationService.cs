using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Organisation;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.TaskOperations;

public sealed record TransferRequest(string? ToUser, string? ToDepartment, string? Reason);
public sealed record DelegateRequest(string? ToUser, string? Reason);
public sealed record CopyRequest(IReadOnlyList<string>? Users, IReadOnlyList<string>? Departments, string? Note);
public sealed record UrgeRequest(string? Message);
public sealed record ReturnRequest(string? To, string? Reason, IReadOnlyList<string>? Materials);
public sealed record WithdrawRequest(string? Reason);
public sealed record AddSignersRequest(IReadOnlyList<string>? Users, string? Mode, string? Reason);
public sealed record RemoveSignerRequest(string? SignerTaskId, string? Reason);

public sealed class TaskOperationOptions
{
    /// <summary>催办: how often one task may be urged per China Standard Time day.</summary>
    public int MaxUrgesPerDay { get; set; } = 1;
}

/// <summary>
/// 中国式审批 task operations. Each is one stimulus on the task's application: the task rows change, a journal line and
/// an audit record are written in one transaction, serialized with the application's other stimuli. Who may act is
/// checked here: the task's owner (its claimant, or for an unclaimed task anyone who may work on it), the head of the
/// task's department, or an admin. Work routed to a person on leave goes to their substitute; both names are recorded.
/// </summary>
public sealed class TaskOperationService(
    ApprovalDbContext db, WorkflowRuntime runtime, TaskService tasks, OrganisationDirectory organisation, Access.ApplicationAccess access,
    Definitions.DefinitionStore definitions, AddedSigners signers, TaskOperationOptions options, TimeProvider time)
{

    private DateOnly Today => time.GetUtcNow().ChinaDate();

    /// <summary>转办: the task moves to another person (who then holds it) or to another department's inbox.</summary>
    public async Task<TaskRecord> TransferAsync(string taskId, TransferRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        EnsureAuthority(task, actor);
        EnsurePending(task);
        if (task.ParentTaskId is not null) throw new ConflictException("An added signer's task cannot be transferred; remove the signer instead.", ErrorCodes.TaskOperationNotApplicable);
        var reason = Reason(request.Reason, required: false);
        var snapshot = organisation.Current;
        string department, message;
        string? holder = null, assignedFor = null;
        if (!string.IsNullOrWhiteSpace(request.ToUser))
        {
            (holder, assignedFor, department) = Route(snapshot, request.ToUser.Trim(), "toUser", task.Department);
            message = assignedFor is null ? $"转办给 {Name(holder)}" : $"转办给 {Name(assignedFor)}（休假，由 {Name(holder)} 代理）";
        }
        else if (!string.IsNullOrWhiteSpace(request.ToDepartment))
        {
            department = request.ToDepartment.Trim();
            if (!snapshot.Departments.ContainsKey(department))
                throw new BadRequestException($"Department '{department}' does not exist.", ErrorCodes.DepartmentNotFound, "toDepartment");
            message = $"转办给 {snapshot.Departments[department].Name}";
        }
        else throw new BadRequestException("Name the new owner in 'toUser' or the new department in 'toDepartment'.", ErrorCodes.ValidationField, "toUser");
        if (holder is not null && holder == task.ClaimedBy && department == task.Department)
            throw new ConflictException($"The task is already held by {holder}.", ErrorCodes.TaskOperationNotApplicable, "toUser");

        return await ChangeAsync(task, actor, "TaskTransferred", message + Suffix(reason), current =>
        {
            current.Department = department;
            current.Status = holder is null ? TaskStatus.Open : TaskStatus.Claimed;
            current.ClaimedBy = holder;
            current.ClaimedAt = holder is null ? null : time.GetUtcNow();
            current.AssignedFor = assignedFor;
            current.DelegatedBy = null;
            return new JsonObject
            {
                ["from"] = task.ClaimedBy, ["fromDepartment"] = task.Department, ["to"] = holder, ["toDepartment"] = department,
                ["assignedFor"] = assignedFor, ["reason"] = reason,
            };
        }, ct);
    }

    /// <summary>委派: the delegate does the work; their answer comes back to the owner, who confirms it by completing the task.</summary>
    public async Task<TaskRecord> DelegateAsync(string taskId, DelegateRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        EnsureAuthority(task, actor);
        EnsurePending(task);
        if (task.DelegatedBy is not null && task.ClaimedBy != task.DelegatedBy)
            throw new ConflictException($"The task is already delegated to {task.ClaimedBy}.", ErrorCodes.TaskOperationNotApplicable);
        if (string.IsNullOrWhiteSpace(request.ToUser)) throw new BadRequestException("Name the delegate in 'toUser'.", ErrorCodes.ValidationField, "toUser");
        var reason = Reason(request.Reason, required: false);
        var owner = task.ClaimedBy ?? actor.Name;
        var (holder, assignedFor, _) = Route(organisation.Current, request.ToUser.Trim(), "toUser", task.Department);
        if (holder == owner) throw new BadRequestException("Nobody can delegate a task to themselves.", ErrorCodes.ValidationField, "toUser");
        return await ChangeAsync(task, actor, "TaskDelegated", $"委派给 {Name(holder)}" + (assignedFor is null ? "" : $"（代理 {Name(assignedFor)}）") + Suffix(reason), current =>
        {
            current.Status = TaskStatus.Claimed;
            current.DelegatedBy = owner;
            current.ClaimedBy = holder;
            current.ClaimedAt = time.GetUtcNow();
            current.AssignedFor = assignedFor;
            current.DelegateOutcome = null;
            current.DelegateOpinion = null;
            return new JsonObject { ["owner"] = owner, ["delegate"] = holder, ["assignedFor"] = assignedFor, ["reason"] = reason };
        }, ct);
    }

    /// <summary>抄送: read-only copies for people or departments; each copy keeps its read receipt.</summary>
    public async Task<List<TaskCopyRecord>> CopyAsync(string taskId, CopyRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        EnsureAuthority(task, actor);
        var snapshot = organisation.Current;
        var users = (request.Users ?? []).Select(u => u?.Trim() ?? "").Distinct().ToList();
        var departments = (request.Departments ?? []).Select(d => d?.Trim() ?? "").Distinct().ToList();
        if (users.Count + departments.Count == 0) throw new BadRequestException("Name at least one recipient in 'users' or 'departments'.", ErrorCodes.ValidationField, "users");
        if (users.Count + departments.Count > 50) throw new BadRequestException("At most 50 recipients at once.", ErrorCodes.ValidationField, "users");
        if (users.FirstOrDefault(u => !snapshot.Staff.TryGetValue(u, out var s) || !s.Active) is { } unknownUser)
            throw new BadRequestException($"'{unknownUser}' is not an active member of staff.", ErrorCodes.StaffNotFound, "users");
        if (departments.FirstOrDefault(d => !snapshot.Departments.ContainsKey(d)) is { } unknownDepartment)
            throw new BadRequestException($"Department '{unknownDepartment}' does not exist.", ErrorCodes.DepartmentNotFound, "departments");
        var note = Reason(request.Note, required: false, field: "note");
        var now = time.GetUtcNow();
        var copies = users.Select(u => (Recipient: u, ToDepartment: false)).Concat(departments.Select(d => (Recipient: d, ToDepartment: true)))
            .Select(r => new TaskCopyRecord
            {
                Id = Guid.CreateVersion7().ToString("N"), TaskId = task.Id, InstanceId = task.InstanceId, Recipient = r.Recipient,
                ToDepartment = r.ToDepartment, SentBy = actor.Name, SentAt = now, Note = note,
            }).ToList();
        await ChangeAsync(task, actor, "TaskCopied", "抄送 " + string.Join("、", copies.Select(c => c.ToDepartment ? snapshot.Departments[c.Recipient].Name : Name(c.Recipient))), current =>
        {
            db.AddRange(copies);
            return new JsonObject
            {
                ["users"] = new JsonArray(users.Select(u => (JsonNode)u).ToArray()),
                ["departments"] = new JsonArray(departments.Select(d => (JsonNode)d).ToArray()), ["note"] = note,
            };
        }, ct, bumpTask: false);
        return copies;
    }

    /// <summary>The copies addressed to the actor or their department, newest first.</summary>
    public Task<List<TaskCopyRecord>> CopiesForAsync(Actor actor, bool unreadOnly, CancellationToken ct)
    {
        var departments = organisation.InboxDepartments(actor.Name, actor.Department, time.GetUtcNow()).ToList();
        return db.Set<TaskCopyRecord>().AsNoTracking()
            .Where(c => (!c.ToDepartment && c.Recipient == actor.Name) || (c.ToDepartment && departments.Contains(c.Recipient)))
            .Where(c => !unreadOnly || c.ReadAt == null)
            .OrderByDescending(c => c.SentAt).Take(200).ToListAsync(ct);
    }

    /// <summary>A recipient opens a copy: the first read is the receipt (who, when), journalled on the application.</summary>
    public async Task<TaskCopyRecord> ReadCopyAsync(string copyId, Actor actor, CancellationToken ct)
    {
        var copy = await db.Set<TaskCopyRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == copyId, ct)
                   ?? throw new NotFoundException($"Copy '{copyId}' does not exist.", ErrorCodes.TaskCopyNotFound, "id");
        var mine = copy.ToDepartment
            ? organisation.InboxDepartments(actor.Name, actor.Department, time.GetUtcNow()).Contains(copy.Recipient, StringComparer.OrdinalIgnoreCase)
            : copy.Recipient == actor.Name;
        if (!mine && !actor.Roles.Contains("admin"))
            throw new ForbiddenException("This copy was sent to someone else.", ErrorCodes.TaskOperationForbidden);
        if (copy.ReadAt is not null || !mine) return copy;
        await runtime.RecordAsync(copy.InstanceId, actor, async tracked =>
        {
            var current = await tracked.Set<TaskCopyRecord>().SingleAsync(c => c.Id == copyId, ct);
            if (current.ReadAt is not null) return null;
            current.ReadAt = time.GetUtcNow();
            current.ReadBy = actor.Name;
            return new JournalEntry(time.GetUtcNow(), null, null, "TaskCopyRead", Message: $"{Name(actor.Name)} 已阅抄送", Actor: actor.Name,
                Payload: new JsonObject { ["taskId"] = copy.TaskId, ["copyId"] = copy.Id });
        }, ct);
        return await db.Set<TaskCopyRecord>().AsNoTracking().SingleAsync(c => c.Id == copyId, ct);
    }

    /// <summary>催办: a notification to whoever holds the task (or its department) and a journal line; limited per day.</summary>
    public async Task<TaskRecord> UrgeAsync(string taskId, UrgeRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        var isHead = organisation.Current.IsHead(actor.Name, task.Department);
        if (!actor.Roles.Contains("admin") && !isHead && !actor.Roles.Contains("clerk"))
            throw new ForbiddenException("Only the window, the department head or an admin can urge a task.", ErrorCodes.TaskOperationForbidden);
        if (!actor.Roles.Contains("admin")) await access.EnsureCanReadAsync(task.InstanceId, $"task:{task.Id}", ct, actor);
        EnsurePending(task);
        var message = Reason(request.Message, required: false, field: "message");
        var today = Today;
        if (task.LastUrgedOn == today && task.UrgesToday >= options.MaxUrgesPerDay)
            throw new ConflictException($"This task was already urged {task.UrgesToday} time(s) today; the limit is {options.MaxUrgesPerDay} a day.", ErrorCodes.TaskUrgeLimit);
        var recipient = task.ClaimedBy ?? task.Department;
        return await ChangeAsync(task, actor, "TaskUrged", $"催办 {Name(recipient)}" + Suffix(message), current =>
        {
            if (current.LastUrgedOn == today && current.UrgesToday >= options.MaxUrgesPerDay)
                throw new ConflictException($"This task was already urged today; the limit is {options.MaxUrgesPerDay} a day.", ErrorCodes.TaskUrgeLimit);
            current.UrgesToday = current.LastUrgedOn == today ? current.UrgesToday + 1 : 1;
            current.LastUrgedOn = today;
            var payload = new JsonObject { ["taskId"] = task.Id, ["title"] = task.Title, ["by"] = actor.Name, ["message"] = message, ["recipient"] = recipient };
            db.Outbox.Add(new OutboxRecord
            {
                Id = Guid.CreateVersion7().ToString("N"), Channel = OutboxChannels.Notification, Recipient = recipient, Topic = "task.urged",
                InstanceId = task.InstanceId, PayloadJson = payload.ToJsonString(),
                IdempotencyKey = $"task.urged:{task.Id}:{today:yyyyMMdd}:{current.UrgesToday}", CreatedAt = time.GetUtcNow(), NextAttemptAt = time.GetUtcNow(),
                DeliveredAt = time.GetUtcNow(),
            });
            return payload;
        }, ct, checkAuthority: false, bumpTask: true);
    }

    /// <summary>
    /// 驳回: sends the application back to an earlier human step the designer allowed (the step's returnTargets), or to the
    /// applicant (a correction notice). The earlier step opens again for the person who did it last time; other parallel
    /// branches keep their work.
    /// </summary>
    public async Task<TaskRecord> ReturnAsync(string taskId, ReturnRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        EnsureAuthority(task, actor);
        EnsurePending(task);
        var reason = Reason(request.Reason, required: true);
        var to = request.To?.Trim();
        if (string.IsNullOrEmpty(to)) throw new BadRequestException("Name the step to return to in 'to' (an activity id, or 'applicant').", ErrorCodes.ValidationField, "to");
        if (to == "applicant")
            return await tasks.CompleteAsync(taskId, new CompleteTaskRequest(Outcomes.NeedsCorrection, reason, request.Materials, null), actor, ct);
        List<string> allowed = task.ContextJson is null ? [] : JsonNode.Parse(task.ContextJson)?["returnTargets"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        if (!allowed.Contains(to))
            throw new BadRequestException($"This step may return to: {(allowed.Count == 0 ? "the applicant only" : string.Join(", ", allowed.Append("applicant")))}.",
                ErrorCodes.TaskReturnNotAllowed, "to");
        var previous = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == task.InstanceId && t.ActivityId == to && t.Status == TaskStatus.Completed)
            .OrderByDescending(t => t.CompletedAt).FirstOrDefaultAsync(ct)
            ?? throw new ConflictException($"Step '{to}' has not been done on this application yet.", ErrorCodes.TaskReturnNotAllowed, "to");
        var (holder, assignedFor, _) = RouteOrNull(previous.CompletedBy);
        return await GoBackAsync(task, to, actor, "TaskReturned", $"驳回至「{previous.Title}」：{reason}",
            new JsonObject { ["taskId"] = task.Id, ["to"] = to, ["reason"] = reason, ["previousHolder"] = previous.CompletedBy, ["holder"] = holder, ["assignedFor"] = assignedFor },
            holder, assignedFor, ct);
    }

    /// <summary>撤回: the person who completed a step takes it back while the steps it opened have not been acted on.</summary>
    public async Task<TaskRecord> WithdrawAsync(string taskId, WithdrawRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        if (task.Status != TaskStatus.Completed)
            throw new ConflictException("Only a completed step can be withdrawn.", ErrorCodes.TaskWithdrawTooLate);
        if (task.CompletedBy != actor.Name && !actor.Roles.Contains("admin") && !organisation.Current.IsHead(actor.Name, task.Department))
            throw new ForbiddenException($"Only {task.CompletedBy}, the department head or an admin can withdraw this step.", ErrorCodes.TaskOperationForbidden);
        var reason = Reason(request.Reason, required: false);
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, ct);
        var version = await definitions.ForExecutionAsync(instance.DefinitionVersionId, ct)
                      ?? throw new InvalidOperationException($"Definition version {instance.DefinitionVersionId} is missing.");
        var flowchart = definitions.Flowchart(version);
        // The steps this one led to, opened since it was completed, must still be untouched: nobody claimed, decided or was handed them.
        var later = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == task.InstanceId && t.Id != task.Id && t.CreatedAt >= task.CompletedAt).ToListAsync(ct);
        if (later.Any(t => t.ActivityId != task.ActivityId && flowchart.CanReach(task.ActivityId, t.ActivityId)
                           && t.Status != TaskStatus.Open && t.Status != TaskStatus.Cancelled))
            throw new ConflictException("The next step has already been acted on; the step can no longer be withdrawn.", ErrorCodes.TaskWithdrawTooLate);
        if (await db.Set<Seals.SealedDocumentRecord>().AnyAsync(d => d.InstanceId == task.InstanceId && d.CreatedAt >= task.CompletedAt, ct))
            throw new ConflictException("A sealed document was issued after this step; it can no longer be withdrawn.", ErrorCodes.TaskWithdrawTooLate);
        var newer = await db.Tasks.AsNoTracking().AnyAsync(t => t.InstanceId == task.InstanceId && t.ActivityId == task.ActivityId && t.CreatedAt > task.CreatedAt, ct);
        if (newer) throw new ConflictException("This step has been opened again since; withdraw the latest round.", ErrorCodes.TaskWithdrawTooLate);
        return await GoBackAsync(task, task.ActivityId, actor, "TaskWithdrawn", $"{Name(actor.Name)} 撤回「{task.Title}」" + Suffix(reason),
            new JsonObject { ["taskId"] = task.Id, ["reason"] = reason }, task.CompletedBy, null, ct);
    }

    private async Task<TaskRecord> GoBackAsync(TaskRecord task, string target, Actor actor, string eventName, string message, JsonObject payload,
        string? holder, string? assignedFor, CancellationToken ct)
    {
        string? reopened = null;
        await runtime.GoBackAsync(task.InstanceId, target, eventName, message, payload, actor, tracked =>
        {
            // The step opens again for the person who did it, as a Chinese office expects a returned file to land on their desk.
            var fresh = tracked.Tasks.Local.Where(t => t.ActivityId == target && tracked.Entry(t).State == EntityState.Added).ToList();
            foreach (var t in fresh)
            {
                reopened = t.Id;
                if (holder is null) continue;
                t.Status = TaskStatus.Claimed;
                t.ClaimedBy = holder;
                t.ClaimedAt = time.GetUtcNow();
                t.AssignedFor = assignedFor;
            }
            return Task.CompletedTask;
        }, ct);
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == (reopened ?? task.Id), ct);
    }

    /// <summary>
    /// 加签: people added to a review or decision task before the owner, after the owner or in parallel; each gets their own
    /// task (held by them, or by their substitute), bound to the owner's step so that it ends with it.
    /// </summary>
    public async Task<List<TaskRecord>> AddSignersAsync(string taskId, AddSignersRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        EnsureAuthority(task, actor);
        EnsurePending(task);
        if (task.ParentTaskId is not null) throw new ConflictException("An added signer cannot add further signers.", ErrorCodes.TaskOperationNotApplicable);
        if (task.Kind is not (TaskKind.Review or TaskKind.Decision))
            throw new ConflictException("Signers can be added to review and decision steps only.", ErrorCodes.TaskOperationNotApplicable);
        if (task.HeldOutcome is not null)
            throw new ConflictException("The owner has already signed; the added signers are being awaited.", ErrorCodes.TaskSignersPending);
        var mode = request.Mode?.Trim().ToLowerInvariant() ?? "";
        if (!AddedSigners.Modes.Contains(mode))
            throw new BadRequestException("'mode' must be before (前加签), after (后加签) or parallel (并加签).", ErrorCodes.ValidationField, "mode");
        var users = (request.Users ?? []).Select(u => u?.Trim() ?? "").Where(u => u.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (users.Count is 0 or > 20) throw new BadRequestException("Name 1 to 20 people to add in 'users'.", ErrorCodes.ValidationField, "users");
        var owner = task.ClaimedBy ?? actor.Name;
        if (users.Contains(owner, StringComparer.OrdinalIgnoreCase)) throw new BadRequestException("The owner cannot be added as a signer of their own task.", ErrorCodes.ValidationField, "users");
        var snapshot = organisation.Current;
        var routed = users.Select(u => Route(snapshot, u, "users", task.Department)).ToList();
        var pending = await db.Tasks.AsNoTracking().Where(t => t.ParentTaskId == task.Id && (t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed))
            .Select(t => t.AssignedFor ?? t.ClaimedBy).ToListAsync(ct);
        if (users.FirstOrDefault(u => pending.Contains(u, StringComparer.OrdinalIgnoreCase)) is { } again)
            throw new ConflictException($"{Name(again)} is already an added signer of this task.", ErrorCodes.TaskOperationNotApplicable, "users");
        var reason = Reason(request.Reason, required: false);
        var now = time.GetUtcNow();
        var added = routed.Select(r => new TaskRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), InstanceId = task.InstanceId, BookmarkId = task.BookmarkId, ActivityId = task.ActivityId, Kind = task.Kind,
            Department = r.Department, Title = $"{AddedSigners.Label(mode)}：{task.Title}", Instructions = reason ?? task.Instructions,
            DefinitionId = task.DefinitionId, CorrelationId = task.CorrelationId, Round = task.Round, DueDate = task.DueDate,
            OutcomesJson = $"[\"{Outcomes.Approved}\",\"{Outcomes.Rejected}\"]", RequiredMaterialsJson = task.RequiredMaterialsJson,
            ContextJson = new JsonObject { ["signMode"] = mode, ["signer"] = r.AssignedFor ?? r.Holder, ["addedBy"] = actor.Name, ["ownerTaskId"] = task.Id }.ToJsonString(),
            Status = TaskStatus.Claimed, ClaimedBy = r.Holder, ClaimedAt = now, AssignedFor = r.AssignedFor, CreatedAt = now,
            ParentTaskId = task.Id, SignMode = mode,
        }).ToList();
        var names = string.Join("、", routed.Select(r => r.AssignedFor is null ? Name(r.Holder) : $"{Name(r.AssignedFor)}（由 {Name(r.Holder)} 代理）"));
        await ChangeAsync(task, actor, "TaskSignersAdded", $"{AddedSigners.Label(mode)}：{names}" + Suffix(reason), _ =>
        {
            db.Tasks.AddRange(added);
            return new JsonObject
            {
                ["mode"] = mode, ["reason"] = reason,
                ["signers"] = new JsonArray(added.Select(a => (JsonNode)new JsonObject { ["taskId"] = a.Id, ["holder"] = a.ClaimedBy, ["assignedFor"] = a.AssignedFor }).ToArray()),
            };
        }, ct);
        return added;
    }

    /// <summary>The signers added to this task (pending and done), oldest first; for the owner, the head or an admin.</summary>
    public async Task<List<TaskRecord>> SignersOfAsync(string taskId, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        if (!(task.Status is TaskStatus.Completed or TaskStatus.Cancelled && task.CompletedBy == actor.Name)) EnsureAuthority(task, actor);
        var signers = await db.Tasks.AsNoTracking().Where(t => t.ParentTaskId == task.Id).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(ct);
        // Each signer's task carries the application's context (the applicant among it): a read of it.
        await access.RecordReadAsync(task.InstanceId, $"signers:{task.Id}", ct);
        return signers;
    }

    /// <summary>减签: removes a pending added signer of this task (owner, department head or admin).</summary>
    public async Task<TaskRecord> RemoveSignerAsync(string taskId, RemoveSignerRequest request, Actor actor, CancellationToken ct)
    {
        var task = await FindForAsync(taskId, actor, ct);
        EnsureAuthority(task, actor);
        if (string.IsNullOrWhiteSpace(request.SignerTaskId)) throw new BadRequestException("Name the added signer's task in 'signerTaskId'.", ErrorCodes.ValidationField, "signerTaskId");
        return await signers.RemoveAsync(task, request.SignerTaskId.Trim(), Reason(request.Reason, required: false), actor, ct);
    }

    private (string? Holder, string? AssignedFor, string? Department) RouteOrNull(string? user)
    {
        if (user is null) return (null, null, null);
        var snapshot = organisation.Current;
        var acting = snapshot.ActingFor(user, Today);
        return acting == user ? (user, null, null) : (acting, user, null);
    }

    /// <summary>
    /// The person work is routed to today: themselves, or their substitute when on leave. The department is the task's own
    /// when the person belongs to it, else their first department in the directory.
    /// </summary>
    private (string Holder, string? AssignedFor, string Department) Route(OrganisationSnapshot snapshot, string user, string field, string taskDepartment)
    {
        if (!snapshot.Staff.TryGetValue(user, out var staff))
            throw new BadRequestException($"'{user}' is not in the organisation directory.", ErrorCodes.StaffNotFound, field);
        if (!staff.Active) throw new ConflictException($"{staff.Name} is no longer active.", ErrorCodes.StaffInactive, field);
        var department = staff.DepartmentList.Contains(taskDepartment, StringComparer.OrdinalIgnoreCase) ? taskDepartment
            : staff.DepartmentList.FirstOrDefault() ?? throw new BadRequestException($"{staff.Name} belongs to no department.", ErrorCodes.ValidationField, field);
        var acting = snapshot.ActingFor(staff.Id, Today);
        return acting == staff.Id ? (staff.Id, null, department) : (acting, staff.Id, department);
    }

    private string Name(string user) => organisation.Current.Staff.GetValueOrDefault(user)?.Name
                                        ?? organisation.Current.Departments.GetValueOrDefault(user)?.Name ?? user;

    private static string Suffix(string? reason) => reason is null ? "" : $"：{reason}";

    /// <summary>
    /// Applies one change to the task in a stimulus of its application. The task's revision is compared inside the
    /// transaction: of two people acting on the same task at once, the second gets 409 task.changed.
    /// </summary>
    private async Task<TaskRecord> ChangeAsync(TaskRecord task, Actor actor, string eventName, string message, Func<TaskRecord, JsonObject> change,
        CancellationToken ct, bool checkAuthority = true, bool bumpTask = true)
    {
        await runtime.RecordAsync(task.InstanceId, actor, async tracked =>
        {
            var current = await tracked.Tasks.SingleAsync(t => t.Id == task.Id, ct);
            if (current.Revision != task.Revision)
                throw new ConflictException($"Task '{task.Id}' was changed by someone else meanwhile; reload it.", ErrorCodes.TaskChanged);
            if (checkAuthority) EnsureAuthority(current, actor);
            var payload = change(current);
            payload["taskId"] = task.Id;
            if (bumpTask) current.Revision++;
            return new JournalEntry(time.GetUtcNow(), task.ActivityId, null, eventName, Message: message, Payload: payload, Actor: actor.Name);
        }, ct);
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id, ct);
    }

    private async Task<TaskRecord> FindAsync(string taskId, CancellationToken ct) =>
        await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct)
        ?? throw new NotFoundException($"Task '{taskId}' does not exist.", ErrorCodes.TaskNotFound);

    /// <summary>
    /// The task, for an operation by <paramref name="actor"/>: one who may not read its application is refused as a read of it
    /// would be (403 application.access-denied) before any rule of the operation answers, since those answers tell whose the
    /// task is, who completed it and what state it is in. Admins and auditors read every application.
    /// </summary>
    private async Task<TaskRecord> FindForAsync(string taskId, Actor actor, CancellationToken ct)
    {
        var task = await FindAsync(taskId, ct);
        if (!Access.ApplicationAccess.SeesAll(actor)) await access.EnsureCanReadAsync(task.InstanceId, null, ct, actor);
        return task;
    }

    /// <summary>Owner (claimant; for an unclaimed task anyone who may work on it), head of the task's department, or admin.</summary>
    private void EnsureAuthority(TaskRecord task, Actor actor)
    {
        if (actor.Roles.Contains("admin") || organisation.Current.IsHead(actor.Name, task.Department)) return;
        if (task.ClaimedBy == actor.Name) return;
        var member = (task.Kind == TaskKind.Acceptance && actor.Roles.Contains("clerk"))
                     || (actor.Roles.Contains("reviewer")
                         && organisation.InboxDepartments(actor.Name, actor.Department, time.GetUtcNow()).Contains(task.Department, StringComparer.OrdinalIgnoreCase));
        if (task.Status == TaskStatus.Open && member) return;
        // A colleague who could have acted a moment ago lost the race to whoever took the task: a conflict, not a permission.
        if (task.Status == TaskStatus.Claimed && member)
            throw new ConflictException($"Task '{task.Id}' is held by {task.ClaimedBy}; only they, the head of department or an admin can do this.", ErrorCodes.TaskClaimedByOther);
        throw new ForbiddenException("Only the task's owner, the head of its department or an admin can do this.", ErrorCodes.TaskOperationForbidden);
    }

    private static void EnsurePending(TaskRecord task)
    {
        if (task.Status is TaskStatus.Completed or TaskStatus.Cancelled)
            throw new ConflictException($"Task '{task.Id}' is already {task.Status.ToString().ToLowerInvariant()}.",
                task.Status == TaskStatus.Completed ? ErrorCodes.TaskCompleted : ErrorCodes.TaskCancelled);
    }

    private static string? Reason(string? value, bool required, string field = "reason")
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            return required ? throw new BadRequestException($"'{field}' is required: say why.", ErrorCodes.ReasonRequired, field) : null;
        if (text.Length > 1000) throw new BadRequestException($"'{field}' must be at most 1000 characters.", ErrorCodes.ValidationField, field);
        return text;
    }
}
