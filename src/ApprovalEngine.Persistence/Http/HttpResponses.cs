using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Workflows.Activities.Elsa;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Http;

/// <summary>
/// The responses WriteHttpResponse asked for in this scope's stimuli. Nothing is stored: the HTTP trigger endpoint sends
/// the first one after the stimulus committed; in a stimulus no request is waiting on (a timer, a task), they are dropped
/// (the journal keeps the line WriteHttpResponse wrote).
/// </summary>
public sealed class HttpResponses : IWorkflowEffectHandler
{
    private readonly List<(string InstanceId, HttpResponseEffect Response)> _responses = [];

    public bool CanHandle(object effect) => effect is HttpResponseEffect;

    public Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct)
    {
        _responses.Add((context.Instance.Id, (HttpResponseEffect)effect.Effect));
        return Task.CompletedTask;
    }

    /// <summary>The first response the instance wrote in this scope, if any.</summary>
    public HttpResponseEffect? For(string instanceId) => _responses.FirstOrDefault(r => r.InstanceId == instanceId).Response;
}
