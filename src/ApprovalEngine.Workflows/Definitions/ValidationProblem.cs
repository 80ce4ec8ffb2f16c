namespace ApprovalEngine.Workflows.Definitions;

/// <summary>One thing wrong with a workflow definition; <see cref="ActivityId"/> is null for workflow-level problems.</summary>
public sealed record ValidationProblem(string? ActivityId, string Message)
{
    public override string ToString() => ActivityId is null ? Message : $"{ActivityId}: {Message}";
}

/// <summary>Thrown when a definition cannot be loaded; carries every problem found, not just the first.</summary>
public sealed class WorkflowValidationException(IReadOnlyList<ValidationProblem> problems)
    : Exception("The workflow definition is invalid: " + string.Join("; ", problems))
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}
