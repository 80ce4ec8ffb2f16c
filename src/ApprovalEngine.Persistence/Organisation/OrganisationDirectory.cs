using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
/// made by another replica are seen within <see cref="RefreshAfter"/> plus one reload.
/// </summary>
/// <remarks>
/// A request never waits for a reload of a snapshot it already has: past <see cref="RefreshAfter"/> it gets the snapshot
/// it has and starts one reload in the background (it used to reload inside whichever request came next, holding every
/// other request on the lock meanwhile). Only the first read, and the first after an invalidation, wait for the database.
/// </remarks>
public sealed class OrganisationDirectory(IServiceScopeFactory scopes, ILogger<OrganisationDirectory> logger)
{
    /// <summary>How old a snapshot may get before a read starts its reload.</summary>
    public TimeSpan RefreshAfter { get; init; } = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private OrganisationSnapshot? _snapshot;
    // Real elapsed time, not the business clock: freshness of a cache is not a statutory question.
    private long _loadedAt;
    // Bumped by every invalidation: a reload that began before one must not publish what it read.
    private long _generation;
    private int _reloading;

    public OrganisationSnapshot Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is null) return LoadNow();
            if (Environment.TickCount64 - Volatile.Read(ref _loadedAt) > RefreshAfter.TotalMilliseconds) ReloadInBackground();
            return snapshot;
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
        lock (_gate)
        {
            _generation++;
            _snapshot = null;
        }
    }

    private OrganisationSnapshot LoadNow()
    {
        lock (_gate)
        {
            if (_snapshot is { } loaded) return loaded;
            // Synchronous on purpose: the first read of a host, or the first after this host changed the directory, has
            // nothing to answer with meanwhile. Under the lock, so concurrent first reads load once.
            var fresh = Read(scopes);
            Publish(fresh);
            return fresh;
        }
    }

    private void ReloadInBackground()
    {
        if (Interlocked.CompareExchange(ref _reloading, 1, 0) != 0) return;
        long generation;
        lock (_gate) generation = _generation;
        _ = Task.Run(async () =>
        {
            try
            {
                var fresh = await ReadAsync(scopes);
                lock (_gate)
                    if (generation == _generation) Publish(fresh);
            }
            catch (ObjectDisposedException) { } // the host is stopping
            catch (Exception e)
            {
                // The snapshot in hand stays in use; the next read past RefreshAfter tries again.
                logger.LogWarning(e, "Reloading the organisation directory failed; the previous snapshot stays in use");
            }
            finally { Volatile.Write(ref _reloading, 0); }
        });
    }

    private void Publish(OrganisationSnapshot snapshot)
    {
        _snapshot = snapshot;
        _loadedAt = Environment.TickCount64;
    }

    private static (IQueryable<DepartmentRecord>, IQueryable<StaffRecord>, IQueryable<SubstituteRecord>) Queries(ApprovalDbContext db) => (
        db.Set<DepartmentRecord>().AsNoTracking().OrderBy(d => d.Code),
        db.Set<StaffRecord>().AsNoTracking().OrderBy(s => s.Id),
        db.Set<SubstituteRecord>().AsNoTracking().OrderBy(s => s.From));

    private static OrganisationSnapshot Read(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var (departments, staff, substitutes) = Queries(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>());
        return new OrganisationSnapshot(departments.ToList(), staff.ToList(), substitutes.ToList());
    }

    private static async Task<OrganisationSnapshot> ReadAsync(IServiceScopeFactory scopes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (departments, staff, substitutes) = Queries(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>());
        return new OrganisationSnapshot(await departments.ToListAsync(), await staff.ToListAsync(), await substitutes.ToListAsync());
    }
}
