using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Workflows.Activities.Elsa;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Outbox;

/// <summary>
/// SendEmail's messages into the outbox, with the stimulus: the same e-mail channel, transport and dev sink as the applicant
/// notifications. One row per recipient, keyed by the message and the recipient, so a retried delivery is never a second mail.
/// </summary>
public sealed class WorkflowEmailHandler : IWorkflowEffectHandler
{
    public bool CanHandle(object effect) => effect is EmailEffect;

    public Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct)
    {
        var email = (EmailEffect)effect.Effect;
        foreach (var (recipient, index) in email.Recipients.Select((r, i) => (r, i)))
            context.Db.Outbox.Add(new OutboxRecord
            {
                Id = Guid.CreateVersion7().ToString("N"), Channel = OutboxChannels.Email, Recipient = recipient, Topic = "workflow.email",
                InstanceId = context.Instance.Id, CreatedAt = context.Now, NextAttemptAt = context.Now,
                IdempotencyKey = $"{context.Instance.Id}:email:{email.MessageId}:{index}",
                PayloadJson = new JsonObject
                {
                    ["to"] = recipient, ["subject"] = email.Subject,
                    [email.IsHtml ? "html" : "text"] = email.Body, ["event"] = "workflow.email", ["activityId"] = effect.ActivityId,
                }.ToJsonString(),
            });
        return Task.CompletedTask;
    }
}
