using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Tasks;

/// <summary>The worklist query. View: mine (claimed by me, open), department (open or claimed), done (completed by me or my department).</summary>
public sealed record TaskQuery(TaskStatus? Status, string? Department, string? InstanceId, int Page, int PageSize,
    string? Q = null, string? DefinitionId = null, WorklistView? View = null, WorklistSort Sort = WorklistSort.Due, bool Desc = false,
    WorklistCursor? After = null);

/// <summary>
/// Where a keyset page starts: just after this task in the (sort, desc) order. The next page then costs an index seek
/// however deep it is, where page=N reads and skips N pages first. <paramref name="At"/> is the task's completion time in
/// the completed order, its creation time in the others.
/// </summary>
public sealed record WorklistCursor(WorklistSort Sort, bool Desc, DateOnly? DueDate, DateTimeOffset At, string Id)
{
    /// <remarks>The completed order is only asked of completed tasks (the API refuses it for other views).</remarks>
    public static WorklistCursor After(TaskRecord last, WorklistSort sort, bool desc) => new(sort, desc, last.DueDate,
        sort == WorklistSort.Completed ? last.CompletedAt ?? throw new InvalidOperationException($"Task '{last.Id}' in the completed order is not completed.") : last.CreatedAt,
        last.Id);

    /// <summary>Opaque to clients: base64url of "sort|desc|due|at ticks|id".</summary>
    public string Encode() => Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
        $"{(int)Sort}|{(Desc ? 1 : 0)}|{DueDate?.DayNumber.ToString(CultureInfo.InvariantCulture)}|{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{Id}"));

    /// <exception cref="BadRequestException">Not a cursor this API issued (code validation.field, field after).</exception>
    public static WorklistCursor Decode(string text)
    {
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            if (parts.Length == 5 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var sort) && Enum.IsDefined((WorklistSort)sort)
                && parts[1] is "0" or "1"
                && (parts[2].Length == 0 || int.TryParse(parts[2], CultureInfo.InvariantCulture, out var day) && day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber)
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ticks) && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && parts[4].Length is > 0 and <= 64)
                return new WorklistCursor((WorklistSort)sort, parts[1] == "1", parts[2].Length == 0 ? null : DateOnly.FromDayNumber(int.Parse(parts[2], CultureInfo.InvariantCulture)),
                    new DateTimeOffset(ticks, TimeSpan.Zero), parts[4]);
        }
        catch (FormatException) { }
        throw new BadRequestException("'after' is not a cursor from a worklist answer's 'next'.", ErrorCodes.ValidationField, "after");
    }
}

public enum WorklistView { Mine, Department, Done }

public enum WorklistSort { Due, Created, Department, Completed }

/// <remarks><paramref name="Acceptance"/>: at the window, 容缺受理 or 告知承诺 instead of a standard acceptance.</remarks>
public sealed record CompleteTaskRequest(string? Outcome, string? Opinion, IReadOnlyList<string>? Materials, string? CompetentAgency,
    Intake.AcceptanceRequest? Acceptance = null);

/// <summary>What a worklist card shows of a task's application.</summary>
public sealed record TaskApplicationFacts(string Name, string DefinitionVersionId, string? Applicant, string? ProjectName);

/// <summary>A reviewer's tasks three ways: their inboxes', those or the ones handed to them, and only those handed to them outside their inboxes.</summary>
internal sealed record ReviewerTasks(IQueryable<TaskRecord> InboxesOnly, IQueryable<TaskRecord> InboxesOrHeld, IQueryable<TaskRecord> HeldElsewhere);

/// <summary>Which of a reviewer's tasks a query already keeps to: any, their inboxes', or those handed to them outside their inboxes.</summary>
internal enum TaskPart { Any, Inboxes, Elsewhere }

/// <summary>A task of a worklist page with its application's facts (null once archived) and its step's clocks.</summary>
public sealed record TaskPageRow(TaskRecord Task, TaskApplicationFacts? Application, List<Deadlines.DeadlineRecord> Clocks);

/// <summary>
/// Department inboxes: who may see and act on which task, claiming, and completion. Completion resumes the
/// task's bookmark, so task and workflow move in one transaction and only one of many concurrent completes wins.
/// </summary>
public sealed class TaskService(ApprovalDbContext db, WorkflowRuntime runtime, Access.ApplicationAccess access, Organisation.OrganisationDirectory organisation, AddedSigners signers, Intake.AcceptanceModeService acceptanceModes, TimeProvider time)
{
    /// <summary>
    /// The tasks of <paramref name="query"/>'s view that <paramref name="actor"/> may see, as one query or two disjoint ones
    /// (see below), each narrowed by the query's filters but not ordered.
    /// </summary>
    private IQueryable<TaskRecord>[] Sources(TaskQuery query, Actor actor)
    {
        Access.ApplicationAccess.RequireDepartment(actor);
        var tasks = db.Tasks.AsNoTracking();
        var department = query.Department;
        ReviewerTasks? split = null;
        var within = TaskPart.Any;
        if (!actor.Roles.Contains("admin") && !actor.Roles.Contains("auditor"))
        {
            if (actor.Roles.Contains("reviewer"))
            {
                // The inboxes the directory gives them (and the token's department), plus any task handed to them personally
                // (transfer, delegation, as a substitute) or held by a colleague on leave they stand in for.
                var inboxes = Inboxes(actor).ToList();
                if (department is not null && !inboxes.Contains(department, StringComparer.OrdinalIgnoreCase))
                    throw new ForbiddenException($"You can only see tasks of your departments ({string.Join(", ", inboxes)}).", ErrorCodes.TaskForbiddenDepartment);
                // A department the reviewer works on (checked above) already admits every task of that inbox: the OR with the
                // personal holders would only make PostgreSQL read the heap (a bitmap OR of two indexes, 2,300 heap pages for a
                // 4,000-task inbox at 1M tasks) instead of counting on the (department, status, ...) index alone.
                if (department is not null && inboxes.Contains(department, StringComparer.Ordinal)) within = TaskPart.Inboxes;
                else
                {
                    var me = actor.Name;
                    var holders = organisation.StandingInFor(actor.Name, time.GetUtcNow()).Append(me).ToList();
                    // The inboxes go in as constants (IN ('fire')), so the plan reads the department's tasks by its indexes. As
                    // one array parameter PostgreSQL's generic plan (which the host forces) cannot estimate department = ANY($1)
                    // and read every open task, or every completed one for the done tab (StimulusScaleTests); EF keeps one
                    // statement per set of inboxes, a handful in all. The holders, a list per person, stay one parameter: EF
                    // 10's default, a parameter per element, would build the SQL anew on every execution (2 % of the host's
                    // CPU under the 3550 load), and a statement per person would fill EF's query cache.
                    split = new(tasks.Where(t => EF.Constant(inboxes).Contains(t.Department)),
                        tasks.Where(t => EF.Constant(inboxes).Contains(t.Department) || (t.ClaimedBy != null && EF.Parameter(holders).Contains(t.ClaimedBy))),
                        tasks.Where(t => t.ClaimedBy != null && EF.Parameter(holders).Contains(t.ClaimedBy) && !EF.Constant(inboxes).Contains(t.Department)));
                }
            }
            else if (actor.Roles.Contains("clerk"))
            {
                // Correlated per task (EXISTS ... WHERE i.id = t.instance_id): an IN over every visible instance made each
                // clerk's list scan the whole instances table (and their tasks and journals), growing with the database.
                var visible = access.Visible(db.Instances.AsNoTracking(), actor);
                tasks = tasks.Where(t => t.Kind == TaskKind.Acceptance && visible.Any(i => i.Id == t.InstanceId));
            }
            else throw new ForbiddenException("Your role has no task inbox.", ErrorCodes.TaskNoInbox);
        }
        // Tasks handed to a reviewer outside their inboxes (a transfer, a delegation, a colleague's while on leave) are few, and
        // asking for them in the same statement as the inboxes costs the page its order: with "inbox OR held", PostgreSQL reads
        // every task of the inboxes in the view and sorts them (a department's 100,000 done tasks: 0.5-3 s a page), where the
        // inboxes alone walk an index in the page's order and stop at the page. So a page that names no application reads the
        // two disjoint parts as two branches of one statement, each walking its own index to the page's end, and orders only
        // those few rows (a Merge Append of the two; without the cut in each branch PostgreSQL 15 appended and sorted all of both).
        IQueryable<TaskRecord>[] sources = split switch
        {
            null => [Narrow(tasks, within)],
            _ when query.InstanceId is not null => [Narrow(split.InboxesOrHeld, TaskPart.Any)],
            _ => [Narrow(split.InboxesOnly, TaskPart.Inboxes), Narrow(split.HeldElsewhere, TaskPart.Elsewhere)],
        };
        IQueryable<TaskRecord> Narrow(IQueryable<TaskRecord> tasks, TaskPart part)
        {
            if (department is not null) tasks = tasks.Where(t => t.Department == department);
            if (query.Status is { } status) tasks = tasks.Where(t => t.Status == status);
            if (query.InstanceId is not null) tasks = tasks.Where(t => t.InstanceId == query.InstanceId);
            if (!string.IsNullOrEmpty(query.DefinitionId)) tasks = tasks.Where(t => t.DefinitionId == query.DefinitionId);
            tasks = query.View switch
            {
                WorklistView.Mine => tasks.Where(t => t.Status == TaskStatus.Claimed && t.ClaimedBy == actor.Name),
                // Claimed tasks stay in the department's view: claiming must not make work disappear for colleagues.
                WorklistView.Department => tasks.Where(t => t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed),
                WorklistView.Done => DoneBy(tasks, actor, part),
                _ => tasks,
            };
            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                // Contains-match on the file number, the applicant and the process name; the filters above narrow by index first.
                var q = query.Q.Trim();
                tasks = tasks.Where(t => (t.CorrelationId != null && t.CorrelationId.Contains(q))
                                         || db.Instances.Any(i => i.Id == t.InstanceId && ((i.Applicant != null && i.Applicant.Contains(q)) || i.Name.Contains(q))));
            }
            return tasks;
        }
        return sources;
    }

    /// <summary>
    /// A worklist page and, for a first or numbered page, the number of matching tasks. A keyset page (<see cref="TaskQuery.After"/>)
    /// is not counted (Total null): the client has the count from the first page, and recounting a large inbox on every page
    /// cost a round trip and a scan of the whole inbox's index range.
    /// </summary>
    public async Task<(List<TaskPageRow> Items, int? Total)> QueryAsync(TaskQuery query, Actor actor, CancellationToken ct)
    {
        var sources = Sources(query, actor);
        IQueryable<TaskRecord> Order(IQueryable<TaskRecord> tasks) => (query.Sort, query.Desc) switch
        {
            (WorklistSort.Created, false) => tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
            (WorklistSort.Created, true) => tasks.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id),
            (WorklistSort.Department, false) => tasks.OrderBy(t => t.Department).ThenBy(t => t.DueDate).ThenBy(t => t.Id),
            (WorklistSort.Department, true) => tasks.OrderByDescending(t => t.Department).ThenBy(t => t.DueDate).ThenBy(t => t.Id),
            // Most recently handled first is the done tab's order; the id follows the direction, so that both directions are
            // one row comparison and one index range, read forwards or backwards.
            (WorklistSort.Completed, false) => tasks.OrderBy(t => t.CompletedAt).ThenBy(t => t.Id),
            (WorklistSort.Completed, true) => tasks.OrderByDescending(t => t.CompletedAt).ThenByDescending(t => t.Id),
            (_, false) => tasks.OrderBy(t => t.DueDate).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id),
            (_, true) => tasks.OrderByDescending(t => t.DueDate).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id),
        };
        // The tasks after a cursor (or all), from the offset, in the page's order: each branch is cut at the page's end first.
        // Two branches give the page's ids, and the page reads those tasks by key: EF cannot attach the cards' clocks (a
        // collection) to the rows of a UNION ALL, which it cannot tell apart.
        IQueryable<TaskRecord> Page(Expression<Func<TaskRecord, bool>>? after, int offset, int size)
        {
            var branches = sources.Select(s => after is null ? s : s.Where(after)).ToArray();
            if (branches.Length == 1) return Order(branches[0]).Skip(offset).Take(size);
            var ids = Order(Order(branches[0]).Take(offset + size).Concat(Order(branches[1]).Take(offset + size))).Skip(offset).Take(size).Select(t => t.Id);
            return Order(db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)));
        }
        if (query.After is { } after) return (await AfterAsync(Page, after, query.PageSize, ct), null);
        var offset = query.Page * query.PageSize;
        var items = await WithCardFacts(Page(null, offset, query.PageSize)).ToListAsync(ct);
        return (items, PageTotals.Known(offset, query.PageSize, items.Count) ?? await CountAsync(sources, ct));
    }

    /// <summary>
    /// The parts counted one by one: counted as one UNION ALL, PostgreSQL chose a parallel append of both, and starting its
    /// workers took a department's 100,000-task count from 30 to 80-110 ms on this machine.
    /// </summary>
    private static async Task<int> CountAsync(IQueryable<TaskRecord>[] parts, CancellationToken ct)
    {
        var total = 0;
        foreach (var part in parts) total += await part.CountAsync(ct);
        return total;
    }

    /// <summary>
    /// How many tasks wait in the caller's worklist as it opens (部门待办: their inboxes' open and claimed tasks and those
    /// handed to them; a clerk's window's acceptances), for the menu's badge: counted up to <paramref name="cap"/> + 1, so a
    /// department with 100,000 open tasks costs the badge about a thousand rows, not a count of all. Counted in the tab's order,
    /// so that PostgreSQL walks the tab's index and stops at the cap: unordered, its generic plan (the limit a parameter, guessed
    /// at a tenth of the table) scanned the table until the cap was found, 10,003 rows for environment's 1,001 in StimulusScaleTests.
    /// </summary>
    public async Task<int> CountWaitingAsync(Actor actor, int cap, CancellationToken ct)
    {
        var total = 0;
        foreach (var part in Sources(new TaskQuery(null, null, null, 0, 1, View: WorklistView.Department), actor))
        {
            total += await part.OrderBy(t => t.DueDate).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(cap + 1 - total).CountAsync(ct);
            if (total > cap) break;
        }
        return total;
    }

    /// <summary>
    /// The page's tasks with what their cards show of their applications and their steps' clocks, in the page's statement: a
    /// separate read of the cards cost every look-up a second round trip. The page is a subquery (its order and limit
    /// stay inside; EF orders the outer rows the same way), joined to its applications (none once archived out of the hot
    /// tables) and its tasks' clocks (by the task's own index).
    /// </summary>
    private IQueryable<TaskPageRow> WithCardFacts(IQueryable<TaskRecord> page) =>
        from t in page
        join i in db.Instances.AsNoTracking() on t.InstanceId equals i.Id into applications
        from i in applications.DefaultIfEmpty()
        select new TaskPageRow(t, i == null ? null : new TaskApplicationFacts(i.Name, i.DefinitionVersionId, i.Applicant, i.ProjectName),
            db.Deadlines.AsNoTracking().Where(d => d.TaskId == t.Id).ToList());

    /// <summary>
    /// A keyset page. On PostgreSQL an ascending order seeks with a row comparison, (due_date, created_at, id) &gt; (cursor),
    /// which the (department, status, due_date, created_at, id) index answers as a range: 50 index entries for any page,
    /// where the equivalent OR of comparisons made PostgreSQL gather and sort everything after the cursor (EXPLAIN at 1M
    /// tasks: 478 rows and 535 heap pages for one page). A row comparison never matches a NULL due date, and PostgreSQL
    /// sorts those last ascending, so the tasks without a due date follow when the dated ones run out. The completed order
    /// is a row comparison both ways ((completed_at, id) &lt; cursor descending). The other descending orders (due or created
    /// descending, then created and id ascending) and SQLite keep the OR form.
    /// </summary>
    private async Task<List<TaskPageRow>> AfterAsync(Func<Expression<Func<TaskRecord, bool>>?, int, int, IQueryable<TaskRecord>> page, WorklistCursor c, int size,
        CancellationToken ct)
    {
        Task<List<TaskPageRow>> Read(Expression<Func<TaskRecord, bool>> after, int take) => WithCardFacts(page(after, 0, take)).ToListAsync(ct);
        var (at, id) = (c.At, c.Id);
        var npgsql = db.Database.IsNpgsql();
        if (npgsql && c.Sort == WorklistSort.Completed)
        {
            DateTimeOffset? completed = at;
            return await Read(c.Desc
                ? t => EF.Functions.LessThan(ValueTuple.Create(t.CompletedAt, t.Id), ValueTuple.Create(completed, id))
                : t => EF.Functions.GreaterThan(ValueTuple.Create(t.CompletedAt, t.Id), ValueTuple.Create(completed, id)), size);
        }
        if (c.Desc || !npgsql) return await Read(After(c, db.Database.IsSqlite()), size);
        if (c.Sort == WorklistSort.Created)
            return await Read(t => EF.Functions.GreaterThan(ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(at, id)), size);
        if (c.DueDate is null)
            return await Read(t => t.DueDate == null && EF.Functions.GreaterThan(ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(at, id)), size);
        DateOnly? due = c.DueDate;
        var items = await Read(t => EF.Functions.GreaterThan(ValueTuple.Create(t.DueDate, t.CreatedAt, t.Id), ValueTuple.Create(due, at, id)), size);
        if (items.Count < size) items.AddRange(await Read(t => t.DueDate == null, size - items.Count));
        return items;
    }

    /// <summary>
    /// The tasks after the cursor in the worklist's order: (due date, created, id) or (created, id), created and id
    /// always ascending, or (completed, id) both in the order's direction. Tasks without a due date sort where the database
    /// puts NULLs: last ascending on PostgreSQL, first ascending on SQLite (and the other way round descending).
    /// </summary>
    private static Expression<Func<TaskRecord, bool>> After(WorklistCursor c, bool sqlite)
    {
        var (at, id) = (c.At, c.Id);
        if (c.Sort == WorklistSort.Completed)
            return c.Desc
                ? t => t.CompletedAt < at || (t.CompletedAt == at && string.Compare(t.Id, id) < 0)
                : t => t.CompletedAt > at || (t.CompletedAt == at && string.Compare(t.Id, id) > 0);
        if (c.Sort == WorklistSort.Created)
            return c.Desc
                ? t => t.CreatedAt < at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0)
                : t => t.CreatedAt > at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0);
        var nullsFirst = sqlite != c.Desc;
        if (c.DueDate is not { } due)
            return nullsFirst
                ? t => t.DueDate != null || (t.CreatedAt > at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0))
                : t => t.DueDate == null && (t.CreatedAt > at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0));
        var nullsAfter = !nullsFirst;
        return c.Desc
            ? t => (t.DueDate != null && (t.DueDate < due || (t.DueDate == due && (t.CreatedAt > at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0)))))
                   || (nullsAfter && t.DueDate == null)
            : t => (t.DueDate != null && (t.DueDate > due || (t.DueDate == due && (t.CreatedAt > at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0)))))
                   || (nullsAfter && t.DueDate == null);
    }

    public async Task<TaskRecord> GetAsync(string taskId, Actor actor, CancellationToken ct)
    {
        Access.ApplicationAccess.RequireDepartment(actor);
        var task = await Find(taskId, ct);
        if (!CanSee(task, actor)) throw new ForbiddenException("This task belongs to another department.", ErrorCodes.TaskForbiddenDepartment);
        await access.EnsureCanReadAsync(task.InstanceId, $"task:{task.Id}", ct, actor);
        return task;
    }

    public Task<TaskRecord> ClaimAsync(string taskId, Actor actor, CancellationToken ct) =>
        ChangeClaimAsync(taskId, actor, "TaskClaimed", task =>
        {
            if (task.Status == TaskStatus.Claimed && task.ClaimedBy == actor.Name) return false;
            if (task.Status == TaskStatus.Claimed) throw new ConflictException($"Task '{task.Id}' is already claimed by {task.ClaimedBy}.", ErrorCodes.TaskClaimedByOther);
            task.Status = TaskStatus.Claimed;
            task.ClaimedBy = actor.Name;
            task.ClaimedAt = time.GetUtcNow();
            return true;
        }, ct);

    public Task<TaskRecord> ReleaseAsync(string taskId, Actor actor, CancellationToken ct) =>
        ChangeClaimAsync(taskId, actor, "TaskReleased", task =>
        {
            if (task.Status == TaskStatus.Open) return false;
            if (Signer(task) is not null)
                throw new ConflictException("This task is addressed to a named signer; transfer it instead of releasing it.", ErrorCodes.TaskOperationNotApplicable);
            if (task.ClaimedBy != actor.Name && !actor.Roles.Contains("admin"))
                throw new ForbiddenException($"Only {task.ClaimedBy} or an admin can release this task.", ErrorCodes.TaskReleaseForbidden);
            task.Status = TaskStatus.Open;
            task.ClaimedBy = null;
            task.ClaimedAt = null;
            return true;
        }, ct);

    public async Task<TaskRecord> CompleteAsync(string taskId, CompleteTaskRequest request, Actor actor, CancellationToken ct)
    {
        var standardAcceptance = request.Acceptance?.Mode?.Trim() is null or "" or AcceptanceModes.Standard;
        if (standardAcceptance && await TryCompletePlainAsync(taskId, request, actor, ct) is { } completed) return completed;
        // The plain path asked under its lock; this one reads the task ahead of it, so it asks first.
        await access.EnsureClerkMayActOnTaskAsync(taskId, actor, ct);

        // The task and whether signers were added to it, in one round trip before the instance's lock (the stimulus checks the
        // task's state again under it).
        var found = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
                        .Select(t => new { Task = t, HasSigners = db.Tasks.Any(s => s.ParentTaskId == t.Id) }).SingleOrDefaultAsync(ct)
                    ?? throw TaskNotFound(taskId);
        var task = found.Task;
        var (outcome, opinion, materials) = Check(task, request, actor);
        if (IsDelegateAnswer(task, actor)) return await AnswerDelegationAsync(task, outcome, opinion, actor, ct);

        var acceptance = await acceptanceModes.CheckAsync(task, request.Acceptance, outcome, ct);
        var completion = new TaskCompletion(task.Id, outcome, opinion, materials, actor.Name, actor.Department, request.CompetentAgency?.Trim(), acceptance);
        // 加签: an added signer's answer, or the owner's answer while signers are added, goes through the signer rules.
        if (task.ParentTaskId is not null) return await signers.AnswerAsync(task, outcome, opinion, actor, ct);
        if (found.HasSigners) return await signers.CompleteOwnerAsync(task, completion, actor, ct);
        await WithTaskCompletedAsRaceLost(taskId, () => runtime.ResumeAsync(task.InstanceId, task.BookmarkId, completion.ToJson(), actor, ct));
        // The stimulus completed the task on this context's tracked row and committed it: no need to read it back.
        return db.Tasks.Local.FirstOrDefault(t => t.Id == taskId) ?? await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, ct);
    }

    /// <summary>
    /// Most completions are plain: a standard acceptance or a review, not a delegate's answer, no signers added (加签). Such a
    /// task is read with the lock of its application, in the stimulus's first round trip, and checked there (a refusal rolls
    /// back). Null when the task takes another path or does not exist: nothing was written, and the general path above reads
    /// the task first (and answers 404 for an unknown one).
    /// </summary>
    private async Task<TaskRecord?> TryCompletePlainAsync(string taskId, CompleteTaskRequest request, Actor actor, CancellationToken ct)
    {
        TaskRecord? completed = null;
        var done = await WithTaskCompletedAsRaceLost(taskId, () => runtime.ResumeTaskAsync(taskId, actor, (task, hasSigners) =>
        {
            var (outcome, opinion, materials) = Check(task, request, actor);
            if (IsDelegateAnswer(task, actor) || task.ParentTaskId is not null || hasSigners) return null;
            completed = task;
            return new TaskCompletion(task.Id, outcome, opinion, materials, actor.Name, actor.Department, request.CompetentAgency?.Trim()).ToJson();
        }, ct, authorize: (instance, task, c) => access.EnsureClerkMayActOnTaskAsync(instance, task, actor, c)));
        // The stimulus completed the task on its tracked row and committed it.
        return done is null ? null : completed;
    }

    /// <summary>Another completion won the race for the task's bookmark: for the caller, the task is done (409 task.completed).</summary>
    private static async Task<T> WithTaskCompletedAsRaceLost<T>(string taskId, Func<Task<T>> complete)
    {
        try { return await complete(); }
        catch (ConflictException e) when (e.Code == ErrorCodes.BookmarkNotPending)
        {
            throw new ConflictException($"Task '{taskId}' is already completed.", ErrorCodes.TaskCompleted);
        }
    }

    /// <summary>
    /// Whether this actor may complete the task now, with this outcome and what it needs (reasons, the materials of a correction
    /// request, the competent agency of a refusal): the outcome, the opinion and the materials, trimmed.
    /// </summary>
    private (string Outcome, string? Opinion, List<string> Materials) Check(TaskRecord task, CompleteTaskRequest request, Actor actor)
    {
        EnsureCanAct(task, actor);
        EnsureOpen(task, actor);
        var outcomes = JsonSerializer.Deserialize<List<string>>(task.OutcomesJson)!;
        var outcome = request.Outcome?.Trim();
        if (string.IsNullOrEmpty(outcome) || !outcomes.Contains(outcome))
            throw new BadRequestException($"'outcome' must be one of: {string.Join(", ", outcomes)}.", ErrorCodes.OutcomeUnknown, "outcome");
        var opinion = request.Opinion?.Trim();
        if (Outcomes.NeedOpinion.Contains(outcome) && string.IsNullOrEmpty(opinion))
            throw new BadRequestException($"An outcome of {outcome} needs a written 'opinion' stating the reasons.", ErrorCodes.ReasonsRequired, "opinion");
        var materials = (request.Materials ?? []).Select(m => m?.Trim()).Where(m => !string.IsNullOrEmpty(m)).Select(m => m!).Distinct().ToList();
        if (Outcomes.NeedMaterialsList.Contains(outcome) && materials.Count == 0)
            throw new BadRequestException("A correction request must list every missing or defective material in 'materials'.", ErrorCodes.MaterialsRequired, "materials");
        // Each name listed is a name an upload must carry to answer the notice: one no upload can carry held the application
        // at 待补正 for good.
        if (materials.Count > MaterialNames.MaxPerNotice || materials.Any(m => !MaterialNames.IsValid(m)))
            throw new BadRequestException($"'materials' lists at most {MaterialNames.MaxPerNotice} names, each {MaterialNames.Rule}.", ErrorCodes.ValidationField, "materials");
        // 'competentAgency' only when the matter is not this office's (Art. 32(2)): the notice then tells the applicant where to
        // apply. A refusal on other grounds (a seized property, a matter that needs no licence) names none; requiring one
        // printed "not within this office's competence" on every refusal notice.
        if (request.CompetentAgency is { Length: > 200 })
            throw new BadRequestException("'competentAgency' must be at most 200 characters.", ErrorCodes.ValidationField, "competentAgency");
        if (opinion is { Length: > 4000 }) throw new BadRequestException("'opinion' must be at most 4000 characters.", ErrorCodes.OpinionTooLong, "opinion");
        return (outcome, opinion, materials);
    }

    /// <summary>委派: the delegate (holding the task, not its owner) answers; the answer goes back to the owner.</summary>
    private static bool IsDelegateAnswer(TaskRecord task, Actor actor) =>
        task.DelegatedBy is not null && task.ClaimedBy == actor.Name && task.DelegatedBy != actor.Name;

    /// <summary>委派: the delegate's answer goes back to the owner, who confirms it by completing the task themselves.</summary>
    private async Task<TaskRecord> AnswerDelegationAsync(TaskRecord task, string outcome, string? opinion, Actor actor, CancellationToken ct)
    {
        await runtime.RecordAsync(task.InstanceId, actor, async tracked =>
        {
            var current = await tracked.Tasks.SingleAsync(t => t.Id == task.Id, ct);
            if (current.Revision != task.Revision) throw new ConflictException($"Task '{task.Id}' was changed by someone else; reload it.", ErrorCodes.TaskChanged);
            current.DelegateOutcome = outcome;
            current.DelegateOpinion = opinion;
            current.ClaimedBy = current.DelegatedBy;
            current.ClaimedAt = time.GetUtcNow();
            current.AssignedFor = null;
            current.Revision++;
            return new JournalEntry(time.GetUtcNow(), task.ActivityId, null, "TaskDelegationAnswered", outcome, $"委派办理完毕，交回确认：{outcome}", Actor: actor.Name,
                Payload: new System.Text.Json.Nodes.JsonObject { ["taskId"] = task.Id, ["delegate"] = actor.Name, ["owner"] = task.DelegatedBy, ["outcome"] = outcome, ["opinion"] = opinion });
        }, ct);
        return await Find(task.Id, ct);
    }

    /// <summary>
    /// Claiming what you already hold (or releasing an open task) is a no-op without a journal line; otherwise the
    /// change is re-checked on the row inside the transaction, so of two simultaneous claims only one succeeds.
    /// </summary>
    private async Task<TaskRecord> ChangeClaimAsync(string taskId, Actor actor, string eventName, Func<TaskRecord, bool> change, CancellationToken ct)
    {
        await access.EnsureClerkMayActOnTaskAsync(taskId, actor, ct);
        var task = await Find(taskId, ct);
        EnsureCanAct(task, actor);
        EnsureNotClosed(task);
        if (!change(task)) return task;
        await runtime.RecordAsync(task.InstanceId, actor, async tracked =>
        {
            var current = await tracked.Tasks.SingleAsync(t => t.Id == taskId, ct);
            EnsureNotClosed(current);
            if (!change(current)) throw new ConflictException($"Task '{taskId}' was changed by someone else; reload it.", ErrorCodes.TaskChanged);
            current.Revision++;
            return new JournalEntry(time.GetUtcNow(), task.ActivityId, null, eventName, Message: task.Title, Actor: actor.Name,
                Payload: new System.Text.Json.Nodes.JsonObject { ["taskId"] = task.Id, ["department"] = task.Department });
        }, ct);
        return await Find(taskId, ct);
    }

    private static void EnsureNotClosed(TaskRecord task)
    {
        if (task.Status is TaskStatus.Completed or TaskStatus.Cancelled)
            throw new ConflictException($"Task '{task.Id}' is already {task.Status.ToString().ToLowerInvariant()}.",
                task.Status == TaskStatus.Completed ? ErrorCodes.TaskCompleted : ErrorCodes.TaskCancelled);
    }

    private async Task<TaskRecord> Find(string taskId, CancellationToken ct) =>
        await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw TaskNotFound(taskId);

    private static NotFoundException TaskNotFound(string taskId) => new($"Task '{taskId}' does not exist.", ErrorCodes.TaskNotFound);

    /// <summary>
    /// The done view: completed by me or in my departments. Where the query already keeps to a reviewer's inboxes, or to the
    /// tasks handed to them elsewhere, one side of that OR is settled, and asking it anyway made PostgreSQL read every done
    /// task of the department from the table to count them (completed_by is in no index with the department): 197 ms
    /// for fire's 42,000 in bench/run.sh, where the partial index counts them alone.
    /// </summary>
    private IQueryable<TaskRecord> DoneBy(IQueryable<TaskRecord> tasks, Actor actor, TaskPart part)
    {
        var me = actor.Name;
        if (part == TaskPart.Inboxes) return tasks.Where(t => t.Status == TaskStatus.Completed);
        if (part == TaskPart.Elsewhere) return tasks.Where(t => t.Status == TaskStatus.Completed && t.CompletedBy == me);
        var departments = actor.Roles.Contains("reviewer") ? Inboxes(actor).ToList() : actor.Department is { } d ? [d] : [];
        // Constants, as the inboxes above: with an array parameter the generic plan read every completed task.
        return tasks.Where(t => t.Status == TaskStatus.Completed && (t.CompletedBy == me || EF.Constant(departments).Contains(t.Department)));
    }

    /// <summary>A reviewer's department inboxes: the token's acting department and the directory's (item: inboxes follow the directory).</summary>
    private IReadOnlyList<string> Inboxes(Actor actor) => organisation.InboxDepartments(actor.Name, actor.Department, time.GetUtcNow());

    private bool CanSee(TaskRecord task, Actor actor) =>
        actor.Roles.Contains("admin") || actor.Roles.Contains("auditor") || CanAct(task, actor);

    private bool CanAct(TaskRecord task, Actor actor) =>
        actor.Roles.Contains("admin")
        // Handed to this person (transfer, delegation, substitute on leave, a named signer), whatever their own department;
        // once done or cancelled they still see it, and acting on it again is a conflict, not a permission question.
        || task.ClaimedBy == actor.Name
        || (task.Kind == TaskKind.Acceptance && actor.Roles.Contains("clerk"))
        || (actor.Roles.Contains("reviewer") && (Inboxes(actor).Contains(task.Department, StringComparer.OrdinalIgnoreCase)
                                                 || (task.ClaimedBy is { } holder && organisation.StandingInFor(actor.Name, time.GetUtcNow()).Contains(holder, StringComparer.OrdinalIgnoreCase))));

    /// <summary>The position a level of a chain needs (承办, 审核, 批准), from the task's context.</summary>
    public static string? RequiredPosition(TaskRecord task) => ContextText(task, "position");

    /// <summary>The named signer of a 会签/或签/依次/票签 task.</summary>
    public static string? Signer(TaskRecord task) => ContextText(task, "signer");

    private static string? ContextText(TaskRecord task, string key) =>
        task.ContextJson is null || !task.ContextJson.Contains($"\"{key}\"") ? null
            : System.Text.Json.Nodes.JsonNode.Parse(task.ContextJson)?[key]?.GetValue<string>();

    private void EnsureCanAct(TaskRecord task, Actor actor)
    {
        // A level of a chain by position is for the members holding that position (the task's holder and admins aside).
        if (RequiredPosition(task) is { } position && !actor.Roles.Contains("admin") && !(task.Status == TaskStatus.Claimed && task.ClaimedBy == actor.Name)
            && CanAct(task, actor)
            && !(organisation.Current.Staff.TryGetValue(actor.Name, out var staff) && staff.Active && staff.PositionList.Contains(position, StringComparer.OrdinalIgnoreCase)))
            throw new ForbiddenException($"This level needs the position '{position}'; you do not hold it in the organisation directory.", ErrorCodes.TaskPositionRequired, "position");
        if (!CanAct(task, actor))
            throw new ForbiddenException(task.Kind == TaskKind.Acceptance
                ? "Intake tasks are handled by window clerks."
                // Not naming it: whoever holds a task id of another department learns nothing of whose it is.
                : "This task belongs to another department.",
                task.Kind == TaskKind.Acceptance ? ErrorCodes.TaskForbiddenIntake : ErrorCodes.TaskForbiddenDepartment);
    }

    private static void EnsureOpen(TaskRecord task, Actor actor)
    {
        EnsureNotClosed(task);
        if (task.Status == TaskStatus.Claimed && task.ClaimedBy != actor.Name && !actor.Roles.Contains("admin"))
            throw new ConflictException($"Task '{task.Id}' is claimed by {task.ClaimedBy}.", ErrorCodes.TaskClaimedByOther);
    }
}
