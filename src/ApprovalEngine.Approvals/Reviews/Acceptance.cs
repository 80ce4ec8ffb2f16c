using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// One-window intake (Administrative License Law Art. 32). The clerk accepts, refuses (naming the reason and the
/// competent agency) or requests correction with one notice listing every missing material; the applicant's
/// complete resubmission opens a new intake round. The statutory clock starts on acceptance.
/// </summary>
[Activity("Approvals", "Acceptance", Category = "Approvals", DisplayName = "Acceptance (one window)", Kind = ActivityKind.Task,
    Description = "The service window checks the application's materials: accept, refuse, or request correction.",
    Outcomes = [Outcomes.Accepted, Outcomes.NotAccepted, Outcomes.CorrectionRequested])]
public sealed class Acceptance : HumanStep
{
    public const string AcceptedAtVariable = "acceptedAt";

    [Input(Description = "The intake window's department code.", DefaultValue = "window", Order = 0)]
    public string Department { get; set; } = "window";

    [Input(Description = "Materials the application must contain.", UIHint = "multiline", Order = 1)]
    public string[] RequiredMaterials { get; set; } = [];

    [Input(Description = "Guidance for the window clerk.", UIHint = "multiline", Order = 2)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "Deadline (working days)", Description = "Working days the window has to decide on intake.", DefaultValue = "5", Order = 3)]
    public int DeadlineWorkingDays { get; set; } = 5;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(Open(context));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        if (bookmark.Name == ResubmissionBookmark)
        {
            ResolveCorrection(context, bookmark);
            return ValueTask.FromResult(Open(context));
        }
        var completion = TaskCompletion.From(stimulus.Payload);
        return ValueTask.FromResult(CloseTask(context, completion, Outcomes.CorrectionRequested, Department, () =>
        {
            if (completion.Outcome == Outcomes.Accepted)
            {
                context.SetVariable(AcceptedAtVariable, JsonValue.Create(context.Now));
                context.AddEffect(new Deadlines.StartStatutoryClock());
            }
            if (completion.Outcome == Outcomes.NotAccepted)
                context.SetVariable("notAccepted", new JsonObject { ["reason"] = completion.Opinion, ["competentAgency"] = completion.CompetentAgency });
            return ActivityResult.Complete(completion.Outcome);
        }));
    }

    private ActivityResult Open(ActivityContext context) =>
        OpenTask(context, TaskKind.Acceptance, Department, $"Intake: {context.Flowchart.Name}", Instructions, DeadlineWorkingDays,
            RequiredMaterials, [Outcomes.Accepted, Outcomes.NotAccepted, Outcomes.CorrectionRequested]);
}
