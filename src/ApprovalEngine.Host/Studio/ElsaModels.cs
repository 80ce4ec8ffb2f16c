using System.Text.Json.Nodes;

namespace ApprovalEngine.Host.Studio;

// Shapes of the Elsa 3 REST API as Elsa Studio 3.8.2 reads them (Elsa.Api.Client). The client is
// case-sensitive and camelCase, with enums as strings; property names here must not drift.

public sealed record ElsaLink(string Href, string Rel, string Method);

/// <summary>Elsa's ListResponse: note <c>count</c>, not <c>totalCount</c>.</summary>
public sealed record ElsaList<T>(IReadOnlyList<T> Items, long Count);

/// <summary>Elsa's PagedListResponse; its <c>links</c> decide whether list pages are read-only.</summary>
public sealed record ElsaPage<T>(IReadOnlyList<T> Items, long TotalCount, IReadOnlyList<ElsaLink> Links);

public sealed record ElsaDefinitionSummary(
    string Id, string DefinitionId, string Name, string? Description, int Version, bool IsLatest, bool IsPublished,
    DateTimeOffset CreatedAt, string MaterializerName, bool IsMaterializerAvailable, IReadOnlyList<ElsaLink>? Links);

public sealed record ElsaSaveResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount);

public sealed record ElsaBulkPublishResponse(IReadOnlyList<string> Published, IReadOnlyList<string> AlreadyPublished,
    IReadOnlyList<string> NotFound, IReadOnlyList<string> UpdatedConsumers);

public sealed record ElsaBulkRetractResponse(IReadOnlyList<string> Retracted, IReadOnlyList<string> AlreadyRetracted, IReadOnlyList<string> NotFound);

public sealed record ElsaBulkDefinitionsRequest(string[]? DefinitionIds);
public sealed record ElsaBulkDeleteResponse(long Deleted);

public sealed record ElsaCount(long Count);
public sealed record ElsaIsNameUnique(bool IsUnique);
public sealed record ElsaConsumers(IReadOnlyList<string> ConsumingWorkflowDefinitionIds);
public sealed record ElsaPackageVersion(string PackageVersion);
public sealed record ElsaFeature(string Name, string Namespace, string FullName, string DisplayName, string Description);
public sealed record ElsaExpressionDescriptor(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IReadOnlyDictionary<string, string> Properties);
public sealed record ElsaStrategyDescriptor(string TypeName, string DisplayName, string? Description);
public sealed record ElsaStorageDriverDescriptor(string TypeName, string DisplayName, int Priority, bool Deprecated);
public sealed record ElsaVariableTypeDescriptor(string TypeName, string DisplayName, string Category, string? Description);

/// <summary>Elsa's two-level status: Running/Finished plus the detail.</summary>
public enum ElsaWorkflowStatus { Running, Finished }
public enum ElsaWorkflowSubStatus { Pending, Executing, Suspended, Finished, Cancelled, Faulted, Interrupted }
public enum ElsaActivityStatus { Pending, Running, Completed, Canceled, Faulted }
public enum ElsaOrderDirection { Ascending, Descending }
public enum ElsaDefinitionOrder { Created, Name, Version }
public enum ElsaInstanceOrder { Created, LastExecuted, Finished, Name }

public sealed record ElsaInstanceSummary(
    string Id, string DefinitionId, string DefinitionVersionId, int Version, ElsaWorkflowStatus Status, ElsaWorkflowSubStatus SubStatus,
    string? CorrelationId, string? Name, int IncidentCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

public sealed record ElsaInstance(
    string Id, string DefinitionId, string DefinitionVersionId, int Version, ElsaWorkflowState WorkflowState,
    ElsaWorkflowStatus Status, ElsaWorkflowSubStatus SubStatus, string? CorrelationId, string? Name, int IncidentCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

public sealed record ElsaWorkflowState(
    string Id, string DefinitionId, string DefinitionVersionId, int DefinitionVersion, string? CorrelationId,
    ElsaWorkflowStatus Status, ElsaWorkflowSubStatus SubStatus, IReadOnlyList<ElsaBookmark> Bookmarks, IReadOnlyList<ElsaIncident> Incidents,
    ElsaFault? Fault, IReadOnlyList<object> CompletionCallbacks, IReadOnlyList<object> ActivityExecutionContexts,
    JsonObject Input, JsonObject Output, JsonObject Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

public sealed record ElsaBookmark(string Id, string Name, string Hash, JsonNode? Payload, string ActivityNodeId, string ActivityInstanceId, bool AutoBurn = true);

public sealed record ElsaException(string Type, string Message, string? StackTrace = null, ElsaException? InnerException = null);

public sealed record ElsaIncident(string ActivityId, string ActivityNodeId, string? ActivityInstanceId, string ActivityType, string Message,
    ElsaException? Exception, DateTimeOffset Timestamp);

public sealed record ElsaFault(ElsaException? Exception, string Message, string? FaultedActivityId);

/// <summary>The instance status poll (<c>workflowSubStatus</c> is the client's property name; <c>subStatus</c> is kept for older clients).</summary>
public sealed record ElsaExecutionState(ElsaWorkflowStatus Status, ElsaWorkflowSubStatus WorkflowSubStatus, ElsaWorkflowSubStatus SubStatus, DateTimeOffset UpdatedAt);

public sealed record ElsaResolvedVariable(string Id, string Name, JsonNode? Value);

public sealed record ElsaJournalRecord(
    string Id, string ActivityInstanceId, string? ParentActivityInstanceId, string ActivityId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, string NodeId, DateTimeOffset Timestamp, long Sequence, string? EventName, string? Message, string? Source,
    JsonObject? ActivityState, JsonNode? Payload);

public sealed record ElsaJournalFilter(string[]? ActivityIds, string[]? ActivityNodeIds, string[]? ExcludedActivityTypes, string[]? EventNames);
public sealed record ElsaJournalRequest(ElsaJournalFilter? Filter);

public sealed record ElsaActivityExecution(
    string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, JsonObject? ActivityState, JsonObject? Payload, JsonObject? Outputs, JsonObject Properties, JsonObject Metadata,
    ElsaException? Exception, DateTimeOffset StartedAt, bool HasBookmarks, ElsaActivityStatus Status, int AggregateFaultCount,
    DateTimeOffset? CompletedAt);

public sealed record ElsaActivityExecutionSummary(
    string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, DateTimeOffset StartedAt, bool HasBookmarks, JsonObject Metadata, ElsaActivityStatus Status, DateTimeOffset? CompletedAt);

public sealed record ElsaActivityStats(string ActivityId, string ActivityNodeId, long StartedCount, long CompletedCount, long UncompletedCount,
    bool IsBlocked, bool IsFaulted, JsonObject? Metadata);

public sealed record ElsaActivityReport(IReadOnlyList<ElsaActivityStats> Stats);
public sealed record ElsaActivityReportRequest(string? WorkflowInstanceId, string[]? ActivityNodeIds);

/// <summary>The instance list query Studio posts; every member optional.</summary>
public sealed record ElsaInstanceListRequest(
    int? Page, int? PageSize, string? SearchTerm, string? DefinitionId, string[]? DefinitionIds, string? CorrelationId, int? Version,
    bool? HasIncidents, bool? IsSystem, ElsaWorkflowStatus? Status, ElsaWorkflowStatus[]? Statuses, ElsaWorkflowSubStatus? SubStatus,
    ElsaWorkflowSubStatus[]? SubStatuses, ElsaInstanceOrder? OrderBy, ElsaOrderDirection? OrderDirection);
