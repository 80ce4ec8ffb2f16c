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

    /// <summary>The instances <paramref name="actor"/> may read, as a filter on any instance query (lists use it too).</summary>
    public IQueryable<InstanceRecord> Visible(IQueryable<InstanceRecord> instances, Actor? actor = null)
    {
        actor ??= actors.Current;
        RequireDepartment(actor);
        if (SeesAll(actor)) return instances;
        // A reviewer's departments: the token's and the organisation directory's (and those of colleagues on leave they stand in for).
        // Sent as one parameter (EF.Parameter): see TaskService.QueryAsync.
        var departments = Has(actor, "reviewer") && !string.IsNullOrWhiteSpace(actor.Department)
            ? organisation.InboxDepartments(actor.Name, actor.Department, time.GetUtcNow()).ToList() : new List<string>();
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

    private static NotFoundException Missing(string instanceId) =>
        new($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound, "id");

    private static ForbiddenException Denied() =>
        new("You may not read this application: neither your department nor your window has handled it.", AccessDenied, "id");

    /// <summary>Records a read allowed by <see cref="EnsureCanReadAsync"/> called without <c>what</c>.</summary>
    public Task RecordReadAsync(string instanceId, string what, CancellationToken ct) => log.RecordAsync(actors.Current, instanceId, what, ct);

    private static bool Has(Actor actor, string role) => actor.Roles.Contains(role);
}
