namespace ApprovalEngine.Approvals.Deadlines;

/// <summary>The application was accepted: the statutory clock of the whole application starts (Art. 42).</summary>
public sealed record StartStatutoryClock;

/// <summary>The decision is made: the statutory clock stops (on time or not is recorded).</summary>
public sealed record StopStatutoryClock(string Outcome);
