using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Approvals.Deadlines;

public enum DeadlineHealth { OnTrack, Warning, Overdue, Paused, Completed }

/// <summary>A period that does not count (Art. 45: hearings, inspection, expert review, applicant correction).</summary>
public sealed record PausedPeriod(DateOnly From, DateOnly? To, string Reason);

/// <summary>Where a deadline stands on a given day.</summary>
public sealed record DeadlineStanding(DateOnly Due, DateOnly WarningDate, int TotalWorkingDays, int Used, int Left, int PausedWorkingDays, DeadlineHealth Health);

/// <summary>
/// Statutory-deadline arithmetic on the working-day calendar. One rule throughout: an event on day X counts from
/// the day after X (acceptance, pause, resume alike, Art. 82), so the working days of a pause are those in
/// (pausedOn, resumedOn], and the due date moves later by exactly that many working days.
/// </summary>
public static class DeadlineClock
{
    public static int PausedWorkingDays(WorkingDayCalendar calendar, IEnumerable<PausedPeriod> pauses, DateOnly today) =>
        pauses.Sum(p => calendar.WorkingDaysBetween(p.From, p.To ?? today));

    public static DeadlineStanding Evaluate(WorkingDayCalendar calendar, DateOnly start, int limit, int extension,
        IReadOnlyList<PausedPeriod> pauses, DateOnly today, double warningShare, DateOnly? completedOn = null)
    {
        var asOf = completedOn ?? today;
        var total = limit + extension;
        var paused = PausedWorkingDays(calendar, pauses, asOf);
        var due = calendar.AddWorkingDays(start, total + paused);
        var used = Math.Max(0, calendar.WorkingDaysBetween(start, asOf) - paused);
        var warningAt = Math.Clamp((int)Math.Ceiling(total * warningShare), 1, total);
        var warningDate = calendar.AddWorkingDays(start, warningAt + paused);
        var health = completedOn is not null ? DeadlineHealth.Completed
            : pauses.Any(p => p.To is null) ? DeadlineHealth.Paused
            : asOf > due ? DeadlineHealth.Overdue
            : used >= warningAt ? DeadlineHealth.Warning
            : DeadlineHealth.OnTrack;
        return new DeadlineStanding(due, warningDate, total, used, total - used, paused, health);
    }
}
