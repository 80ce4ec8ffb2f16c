using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Supervision;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Access;

/// <summary>
/// Need-to-know: the one place that decides which applications (instances) a staff member may read.
/// Admins and auditors read all. A reviewer reads an application their department has or had a task on (or a
/// supervision push addressed to it). A clerk reads what came through their window: their window is their
/// `department` claim (none: the default window), and an application came through it when a clerk of that window
/// started it (the department on its first journal line), when that window has or had a task on it, or when the
/// clerk personally started or acted on it. Any other role (designers) reads none.
/// </summary>
public sealed class ApplicationAccess(ApprovalDbContext db, AccessLog log, IActorAccessor actors, Organisation.OrganisationDirectory organisation, TimeProvider time)
{
    public const string DepartmentRequired = ErrorCodes.DepartmentRequired;
    public const string AccessDenied = ErrorCodes.ApplicationAccessDenied;

    /// <summary>A reviewer's every view is of their department; without the claim there is nothing to show.</summary>
    public static void RequireDepartment(Actor actor)
    {
        if (Has(actor, "reviewer") && string.IsNullOrWhiteSpace(actor.Department) && !SeesAll(actor) && !Has(actor, "clerk"))
            throw new ForbiddenException("Your reviewer token has no 'department' claim; ask for a token naming your department.", DepartmentRequired, "department");
    }

    public static bool SeesAll(Actor actor) => Has(actor, "admin") || Has(actor, "auditor");

    /// <summary>
    /// The instances <paramref name="actor"/> may read, as a filter on any instance query: per application (EXISTS on its
    /// own tasks, copies, pushes and journal), which suits reading one application or a few. A list over all applications
    /// takes <see cref="VisibleInListAsync"/>.
    /// </summary>
    public IQueryable<InstanceRecord> Visible(IQueryable<InstanceRecord> instances, Actor? actor = null)
    {
        actor ??= actors.Current;
        RequireDepartment(actor);
        if (SeesAll(actor)) return instances;
        var departments = ReviewerDepartments(actor);
        var department = departments.FirstOrDefault();
        var clerk = Has(actor, "clerk") ? actor.Name : null;
        var window = string.IsNullOrWhiteSpace(actor.Department) ? null : actor.Department;
        var tasks = db.Tasks;
        var pushes = db.Set<SupervisionPushRecord>();
        var journal = db.Journal;
        // An archived application's journal (its start line among it) is in archive_journal.
        var archivedJournal = db.Set<Archiving.ArchivedJournalRecord>();
        var me = actor.Name;
        var copies = db.Set<Tasks.TaskCopyRecord>();
        return instances.Where(i =>
            // A task handed to them personally, or a copy (抄送) sent to them or their department: need-to-know.
            tasks.Any(t => t.InstanceId == i.Id && (t.ClaimedBy == me || t.CompletedBy == me))
            || copies.Any(c => c.InstanceId == i.Id && ((!c.ToDepartment && c.Recipient == me) || (c.ToDepartment && EF.Parameter(departments).Contains(c.Recipient))))
            || (department != null && (tasks.Any(t => t.InstanceId == i.Id && EF.Parameter(departments).Contains(t.Department))
                                    || pushes.Any(p => p.InstanceId == i.Id && EF.Parameter(departments).Contains(p.Department))))
            || (clerk != null && (i.CreatedBy == clerk
                                  // The start line carries the starter's department: null for the default window.
                                  || journal.Any(j => j.InstanceId == i.Id && j.Month == i.Month && (j.Actor == clerk || (j.Sequence == 1 && j.Department == window)))
                                  || (i.ArchivedAt != null && archivedJournal.Any(j => j.InstanceId == i.Id && (j.Actor == clerk || (j.Sequence == 1 && j.Department == window))))
                                  || (window != null && tasks.Any(t => t.InstanceId == i.Id && t.Department == window)))));
    }

    /// <summary>A list's total stops counting here (<see cref="ApplicationList.TotalAsync"/>): "10,000+" when there are more.</summary>
    public const int ListCountCap = 10_000;

    /// <summary>Below this many, a reviewer's applications are read from their side (see <see cref="VisibleInListAsync"/>).</summary>
    public const int FewApplications = 1_000;

    /// <summary>
    /// The same need-to-know as <see cref="Visible"/>, for a list over every application (办件查询, Studio's list), newest
    /// first. Two ways to find a page, and the list takes the one that reads fewer rows for this reader (measured at 100,000
    /// applications, docs/performance.md):
    /// <list type="bullet">
    /// <item>From the reader's side: the applications their departments' tasks and pushes, the copies sent to them and the
    /// tasks they held point at, by those tables' indexes, and only those applications are read. A reviewer who may read
    /// few applications gets their page this way in milliseconds; asked per application, the list read every application
    /// of the database with four index probes each (seconds at 100,000).</item>
    /// <item>Walking the applications newest first (the index by created_at) and asking each whether the reader may read
    /// it, until the page is full. A department that saw most applications fills its page within its first rows; from its
    /// side it read all of its 100,000 applications to sort them (1.4 s). A clerk's window is decided by each application's
    /// first journal line, which no index finds by window, so clerks always walk.</item>
    /// </list>
    /// A reviewer's side is sized first by counting its first <see cref="ListCountCap"/> rows (an index range: 2 ms for
    /// 1,000 rows, 17-28 ms for 10,000); past <see cref="FewApplications"/> the page is walked and the total counted from
    /// their side. A list's total stops at <see cref="ListCountCap"/> unless the reader sees all or few: counting every
    /// one of 100,000 applications by asking each costs half a second a page.
    /// </summary>
    public async Task<ApplicationList> VisibleInListAsync(IQueryable<InstanceRecord> instances, CancellationToken ct)
    {
        var actor = actors.Current;
        if (SeesAll(actor)) return new(instances, instances, CountCap: null);
        if (Has(actor, "clerk")) return Walked(Visible(instances, actor));
        RequireDepartment(actor);
        var departments = ReviewerDepartments(actor);
        var me = actor.Name;
        // The departments go into the SQL as constants (a statement per set of departments, a handful in all): PostgreSQL's
        // one generic plan for "department = ANY($1)" cannot know how many tasks a department has and reads every task.
        // Each part its own branch, read from an index that ends in the application (an OR of two would visit the table).
        var ids = db.Tasks.Where(t => t.ClaimedBy == me).Select(t => t.InstanceId)
            .Concat(db.Tasks.Where(t => t.CompletedBy == me).Select(t => t.InstanceId))
            .Concat(db.Set<Tasks.TaskCopyRecord>()
                .Where(c => (!c.ToDepartment && c.Recipient == me) || (c.ToDepartment && EF.Constant(departments).Contains(c.Recipient)))
                .Select(c => c.InstanceId));
        if (departments.Count > 0)
            ids = ids.Concat(db.Tasks.Where(t => EF.Constant(departments).Contains(t.Department)).Select(t => t.InstanceId))
                .Concat(db.Set<SupervisionPushRecord>().Where(p => EF.Constant(departments).Contains(p.Department)).Select(p => p.InstanceId));
        var fromTheirSide = instances.Where(i => ids.Contains(i.Id));
        // Rows of the side, not distinct applications (a department has a task per round): only a measure of size.
        var side = await ids.Take(ListCountCap).CountAsync(ct);
        if (side < FewApplications) return new(fromTheirSide, fromTheirSide, CountCap: null);
        // The page is walked; the total is counted from their side, up to the cap. Counted by the walk, it asked every
        // application newer than the ten-thousandth the reader may see: for fire seeing a quarter of 200,000 applications
        // (bench/run.sh), some 40,000 applications with their probes each, 0.95 s a page.
        return new(Visible(instances, actor), fromTheirSide, ListCountCap);

        static ApplicationList Walked(IQueryable<InstanceRecord> visible) => new(visible, visible, ListCountCap);
    }

    /// <summary>
    /// A reviewer's departments: the token's and the organisation directory's (and those of colleagues on leave they stand
    /// in for); none for other roles. <see cref="Visible"/> sends them as one parameter (EF.Parameter, see
    /// TaskService.QueryAsync), <see cref="VisibleInListAsync"/> as constants.
    /// </summary>
    private List<string> ReviewerDepartments(Actor actor) => Has(actor, "reviewer") && !string.IsNullOrWhiteSpace(actor.Department)
        ? organisation.InboxDepartments(actor.Name, actor.Department, time.GetUtcNow()).ToList() : [];

    /// <summary>
    /// 404 when the application does not exist, 403 (code application-access-denied) when the actor may not read it;
    /// otherwise records that the actor (default: the signed-in user) read <paramref name="what"/> of it. With
    /// <paramref name="what"/> null nothing is recorded yet: the caller records with <see cref="RecordReadAsync"/> once
    /// the part it reads is found (a 404 for a missing part read nothing).
    /// </summary>
    public async Task EnsureCanReadAsync(string instanceId, string? what, CancellationToken ct, Actor? actor = null)
    {
        actor ??= actors.Current;
        RequireDepartment(actor);
        var instances = db.Instances.AsNoTracking().Where(i => i.Id == instanceId);
        if (!await instances.AnyAsync(ct)) throw Missing(instanceId);
        if (!SeesAll(actor) && !await Visible(instances, actor).AnyAsync(ct)) throw Denied();
        if (what is not null) await log.RecordAsync(actor, instanceId, what, ct);
    }

    /// <summary>
    /// The decision of <see cref="EnsureCanReadAsync"/> for a caller that read the application with <see cref="Visible"/> as a
    /// column of its own statement (one round trip instead of three): <paramref name="mayRead"/> is null when no row came
    /// back (404), false when the actor may not read it (403); otherwise the read of <paramref name="what"/> is recorded.
    /// </summary>
    public async Task AllowReadAsync(string instanceId, bool? mayRead, string what, CancellationToken ct)
    {
        if (mayRead is null) throw Missing(instanceId);
        if (mayRead == false) throw Denied();
        await log.RecordAsync(actors.Current, instanceId, what, ct);
    }

    /// <summary>
    /// Any clerk may act on intake (acceptance) tasks, but only of applications that came through their window: another
    /// window's task is refused as its application's read would be. One query, asked of clerks only (not of a clerk's own
    /// claimed task, nor of other kinds of task, whose department rules decide); an unknown task is left to the caller's 404.
    /// </summary>
    public async Task EnsureClerkMayActOnTaskAsync(string taskId, Actor actor, CancellationToken ct)
    {
        if (!Has(actor, "clerk") || SeesAll(actor)) return;
        var visible = Visible(db.Instances.AsNoTracking(), actor);
        var mine = await db.Tasks.AsNoTracking()
            .Where(t => t.Id == taskId && t.Kind == Approvals.Reviews.TaskKind.Acceptance && t.ClaimedBy != actor.Name)
            .Select(t => (bool?)visible.Any(i => i.Id == t.InstanceId)).SingleOrDefaultAsync(ct);
        if (mine == false) throw Denied();
    }

    /// <summary>
    /// A clerk acts (a generic event's resume) only on an application that came through their window, as they may read only
    /// those: the one they started is theirs without a query (the stimulus has it locked already); another is asked like a
    /// read. Admins and auditors may act on any; other roles are kept out by the endpoint's policy.
    /// </summary>
    public async Task EnsureClerkMayActAsync(InstanceRecord instance, Actor actor, CancellationToken ct)
    {
        if (!Has(actor, "clerk") || SeesAll(actor) || instance.CreatedBy == actor.Name) return;
        if (!await Visible(db.Instances.AsNoTracking().Where(i => i.Id == instance.Id), actor).AnyAsync(ct)) throw Denied();
    }

    /// <summary>
    /// <see cref="EnsureClerkMayActOnTaskAsync(string, Actor, CancellationToken)"/> for a completion that holds the task and its
    /// application locked already: the clerk who started the application (the window's usual case, every acceptance of the
    /// 3550 bench) is let through without a query; another is asked like a read.
    /// </summary>
    public Task EnsureClerkMayActOnTaskAsync(InstanceRecord instance, Tasks.TaskRecord task, Actor actor, CancellationToken ct) =>
        task.Kind != Approvals.Reviews.TaskKind.Acceptance || task.ClaimedBy == actor.Name
            ? Task.CompletedTask : EnsureClerkMayActAsync(instance, actor, ct);

    private static NotFoundException Missing(string instanceId) =>
        new($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound, "id");

    private static ForbiddenException Denied() =>
        new("You may not read this application: neither your department nor your window has handled it.", AccessDenied, "id");

    /// <summary>Records a read allowed by <see cref="EnsureCanReadAsync"/> called without <c>what</c>.</summary>
    public Task RecordReadAsync(string instanceId, string what, CancellationToken ct) => log.RecordAsync(actors.Current, instanceId, what, ct);

    private static bool Has(Actor actor, string role) => actor.Roles.Contains(role);
}

/// <summary>
/// The applications a list may show: <paramref name="Shown"/> for its page, <paramref name="Counted"/> for its total (the same
/// applications, found the other way when that is cheaper), counted up to <paramref name="CountCap"/> when set.
/// </summary>
public sealed record ApplicationList(IQueryable<InstanceRecord> Shown, IQueryable<InstanceRecord> Counted, int? CountCap)
{
    /// <summary>
    /// The total for a page of <paramref name="onPage"/> rows at <paramref name="offset"/>, with the list's own filters
    /// (<paramref name="filter"/>, applied to <see cref="Counted"/> as to the page): counted only when the page is full
    /// (<see cref="Storage.PageTotals"/>), and then up to the cap; Capped says there are more than Total.
    /// </summary>
    public async Task<(int Total, bool Capped)> TotalAsync(Func<IQueryable<InstanceRecord>, IQueryable<InstanceRecord>> filter, int offset, int pageSize, int onPage, CancellationToken ct)
    {
        if (Storage.PageTotals.Known(offset, pageSize, onPage) is { } known) return (known, false);
        var counted = filter(Counted);
        if (CountCap is not { } cap) return (await counted.CountAsync(ct), false);
        var total = await counted.Take(cap + 1).CountAsync(ct);
        return total > cap ? (Math.Max(cap, offset + onPage), true) : (total, false);
    }
}
