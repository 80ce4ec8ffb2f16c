using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// Appends a line to an application's journal inside the stimulus that changes it. One place numbers the lines
/// (<see cref="InstanceRecord.JournalCount"/>, which the instance's lock serialises) and says whose they are.
/// </summary>
public static class InstanceJournal
{
    public static JournalRecord Append(ApprovalDbContext db, InstanceRecord instance, JournalEntry entry, Actor actor)
    {
        var line = new JournalRecord
        {
            InstanceId = instance.Id, Sequence = ++instance.JournalCount, Timestamp = entry.Timestamp,
            ActivityId = entry.ActivityId, ActivityType = entry.ActivityType, EventName = entry.EventName, Outcome = entry.Outcome,
            Message = entry.Message, PayloadJson = entry.Payload?.ToJsonString(), Actor = entry.Actor ?? actor.Name, Department = actor.Department,
            Month = instance.Month,
        };
        db.Journal.Add(line);
        return line;
    }
}
