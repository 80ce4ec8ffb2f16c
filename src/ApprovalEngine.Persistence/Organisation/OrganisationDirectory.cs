using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.Organisation;

/// <summary>The whole directory as read at one moment (it is small: departments, staff, substitutes).</summary>
public sealed class OrganisationSnapshot(IReadOnlyList<DepartmentRecord> departments, IReadOnlyList<StaffRecord> staff, IReadOnlyList<SubstituteRecord> substitutes)
{
    public IReadOnlyDictionary<string, DepartmentRecord> Departments { get; } = departments.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, StaffRecord> Staff { get; } = staff.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<SubstituteRecord> Substitutes { get; } = substitutes;

    public bool IsHead(string staffId, string department) =>
        Departments.TryGetValue(department, out var d) && string.Equals(d.Head, staffId, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Who does the work of <paramref name="staffId"/> on <paramref name="day"/>: their active substitute when they are on
    /// leave (following a chain of substitutes, never in a circle), otherwise themselves.
    /// </summary>
    public string ActingFor(string staffId, DateOnly day)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { staffId };
        var current = staffId;
        while (Substitutes.FirstOrDefault(s => string.Equals(s.StaffId, current, StringComparison.OrdinalIgnoreCase) && s.From <= day && day <= s.To) is { } leave
               && seen.Add(leave.SubstituteId))
            current = leave.SubstituteId;
        return current;
    }

    /// <summary>Departments the member belongs to in the directory (empty when unknown).</summary>
    public IReadOnlyList<string> DepartmentsOf(string staffId) =>
        Staff.TryGetValue(staffId, out var s) && s.Active ? s.DepartmentList : [];

    /// <summary>The members on leave on <paramref name="day"/> whose work falls to <paramref name="staffId"/> (directly or down a chain).</summary>
    public IReadOnlyList<string> StandingInFor(string staffId, DateOnly day) =>
        Substitutes.Where(s => s.From <= day && day <= s.To).Select(s => s.StaffId).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(id => !string.Equals(id, staffId, StringComparison.OrdinalIgnoreCase) && string.Equals(ActingFor(id, day), staffId, StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>
    /// The department inboxes a member works on <paramref name="day"/>: the acting department of their token (tokens keep working),
    /// every department the directory lists for them, and those of colleagues on leave they stand in for that day.
    /// </summary>
    public IReadOnlyList<string> InboxDepartments(string staffId, string? tokenDepartment, DateOnly day)
    {
        var result = new List<string>();
        if (!string.IsNullOrWhiteSpace(tokenDepartment)) result.Add(tokenDepartment);
        foreach (var member in StandingInFor(staffId, day).Prepend(staffId))
            foreach (var department in DepartmentsOf(member))
                if (!result.Contains(department, StringComparer.OrdinalIgnoreCase)) result.Add(department);
        return result;
    }
}

/// <summary>
/// A cached read of the directory for every request of this host. Changes made here invalidate it at once; changes
/// made by another replica are seen within <see cref="MaxAge"/>.
/// </summary>
public sealed class OrganisationDirectory(IServiceScopeFactory scopes)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);
    private readonly Lock _gate = new();
    private OrganisationSnapshot? _snapshot;
    // Real elapsed time, not the business clock: freshness of a cache is not a statutory question.
    private long _loadedAt;

    public OrganisationSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                if (_snapshot is null || Environment.TickCount64 - _loadedAt > MaxAge.TotalMilliseconds) Load();
                return _snapshot!;
            }
        }
    }

    /// <summary>
    /// The departments whose work <paramref name="actor"/> does today: their inboxes (token, directory, stand-ins), a clerk
    /// without a department claim at the default window. Live events, notifications, ratings, complaints and supervision
    /// pushes are scoped by this; the worklist and task operations call <see cref="InboxDepartments(string, string?, DateTimeOffset)"/>
    /// with the token's department directly (a clerk there acts by need-to-know, not by window).
    /// </summary>
    public IReadOnlyList<string> WorkingDepartments(Instances.Actor actor, DateTimeOffset now) =>
        InboxDepartments(actor.Name, actor.Department ?? (actor.Roles.Contains("clerk") ? "window" : null), now);

    /// <summary>A reviewer's inboxes today (China Standard Time); see <see cref="OrganisationSnapshot.InboxDepartments"/>.</summary>
    public IReadOnlyList<string> InboxDepartments(string staffId, string? tokenDepartment, DateTimeOffset now) =>
        Current.InboxDepartments(staffId, tokenDepartment, now.ChinaDate());

    /// <summary>Colleagues on leave today whose personal work this member does.</summary>
    public IReadOnlyList<string> StandingInFor(string staffId, DateTimeOffset now) =>
        Current.StandingInFor(staffId, now.ChinaDate());

    public void Invalidate()
    {
        lock (_gate) _snapshot = null;
    }

    private void Load()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        _snapshot = new OrganisationSnapshot(
            db.Set<DepartmentRecord>().AsNoTracking().OrderBy(d => d.Code).ToList(),
            db.Set<StaffRecord>().AsNoTracking().OrderBy(s => s.Id).ToList(),
            db.Set<SubstituteRecord>().AsNoTracking().OrderBy(s => s.From).ToList());
        _loadedAt = Environment.TickCount64;
    }
}
