using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence.TaskOperations;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Tasks.Operations;

/// <summary>A task after an operation: who holds it now and on whose behalf.</summary>
public sealed record TaskOperationView(
    string Id, string InstanceId, string ActivityId, string Department, TaskStatus Status, string? ClaimedBy, string? AssignedFor,
    string? DelegatedBy, string? DelegateOutcome, string? DelegateOpinion, string? Outcome, int Revision,
    string? SignMode = null, string? Opinion = null, string? HeldOutcome = null)
{
    public static TaskOperationView From(TaskRecord t) => new(t.Id, t.InstanceId, t.ActivityId, t.Department, t.Status, t.ClaimedBy, t.AssignedFor,
        t.DelegatedBy, t.DelegateOutcome, t.DelegateOpinion, t.Outcome, t.Revision, t.SignMode, t.Opinion, t.HeldOutcome);
}

public sealed record TaskCopyView(string Id, string TaskId, string InstanceId, string Recipient, bool ToDepartment, string SentBy, DateTimeOffset SentAt,
    string? Note, DateTimeOffset? ReadAt, string? ReadBy)
{
    public static TaskCopyView From(TaskCopyRecord c) => new(c.Id, c.TaskId, c.InstanceId, c.Recipient, c.ToDepartment, c.SentBy, c.SentAt, c.Note, c.ReadAt, c.ReadBy);
}

/// <summary>
/// 中国式审批 task operations: 转办 transfer, 委派 delegate, 抄送 copy, 催办 urge, 驳回 return, 撤回 withdraw. Each is one audited
/// stimulus on the application's timeline; 403 task.operation-forbidden when the caller is not the owner, the department head
/// or an admin, 409 when the task moved meanwhile (task.changed) or the operation does not apply.
/// </summary>
public static class TaskOperationsApi
{
    public static void AddTaskOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("TaskOperations").Get<TaskOperationOptions>() ?? new TaskOperationOptions());
        builder.Services.AddScoped<TaskOperationService>();
    }

    public static void MapTaskOperationsApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Task operations").RequireAuthorization(Policies.Staff);
        tasks.MapPost("/{id}/transfer", Transfer);
        tasks.MapPost("/{id}/delegate", Delegate);
        tasks.MapPost("/{id}/copy", Copy);
        tasks.MapPost("/{id}/urge", Urge);
        tasks.MapPost("/{id}/return", Return);
        tasks.MapPost("/{id}/withdraw", Withdraw);
        tasks.MapGet("/{id}/signers", Signers);
        tasks.MapPost("/{id}/signers", AddSigners);
        tasks.MapPost("/{id}/signers/remove", RemoveSigner);
        tasks.MapGet("/copies", Copies);
        tasks.MapPost("/copies/{copyId}/read", Read);
    }

    /// <summary>Body: {"toUser":"fire-chen"} or {"toDepartment":"land"}, with an optional "reason".</summary>
    public static async Task<Ok<TaskOperationView>> Transfer(string id, TransferRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskOperationView.From(await service.TransferAsync(id, request, http.User.ToActor(), ct)));

    /// <summary>Body: {"toUser","reason"}. The delegate completes the task; it then returns to the owner to confirm.</summary>
    public static async Task<Ok<TaskOperationView>> Delegate(string id, DelegateRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskOperationView.From(await service.DelegateAsync(id, request, http.User.ToActor(), ct)));

    /// <summary>Body: {"users":[..],"departments":[..],"note"}.</summary>
    public static async Task<Ok<List<TaskCopyView>>> Copy(string id, CopyRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await service.CopyAsync(id, request, http.User.ToActor(), ct)).Select(TaskCopyView.From).ToList());

    /// <summary>Body: {"message"}. Limited per task and day (TaskOperations:MaxUrgesPerDay).</summary>
    public static async Task<Ok<TaskOperationView>> Urge(string id, UrgeRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskOperationView.From(await service.UrgeAsync(id, request, http.User.ToActor(), ct)));

    /// <summary>Body: {"to":"activity id"|"applicant","reason","materials"}; returns the reopened earlier task.</summary>
    public static async Task<Ok<TaskOperationView>> Return(string id, ReturnRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskOperationView.From(await service.ReturnAsync(id, request, http.User.ToActor(), ct)));

    /// <summary>Body: {"reason"}; returns the reopened task, held by the person who withdrew it.</summary>
    public static async Task<Ok<TaskOperationView>> Withdraw(string id, WithdrawRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskOperationView.From(await service.WithdrawAsync(id, request, http.User.ToActor(), ct)));

    /// <summary>加签. Body: {"users":[..],"mode":"before|after|parallel","reason"}; returns the signers' new tasks.</summary>
    public static async Task<Ok<List<TaskOperationView>>> AddSigners(string id, AddSignersRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await service.AddSignersAsync(id, request, http.User.ToActor(), ct)).Select(TaskOperationView.From).ToList());

    /// <summary>The signers added to the task, with their answers.</summary>
    public static async Task<Ok<List<TaskOperationView>>> Signers(string id, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await service.SignersOfAsync(id, http.User.ToActor(), ct)).Select(TaskOperationView.From).ToList());

    /// <summary>减签. Body: {"signerTaskId","reason"}; returns the removed signer's task (cancelled).</summary>
    public static async Task<Ok<TaskOperationView>> RemoveSigner(string id, RemoveSignerRequest request, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskOperationView.From(await service.RemoveSignerAsync(id, request, http.User.ToActor(), ct)));

    public static async Task<Ok<List<TaskCopyView>>> Copies(TaskOperationService service, HttpContext http, bool? unread, CancellationToken ct) =>
        TypedResults.Ok((await service.CopiesForAsync(http.User.ToActor(), unread == true, ct)).Select(TaskCopyView.From).ToList());

    public static async Task<Ok<TaskCopyView>> Read(string copyId, TaskOperationService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(TaskCopyView.From(await service.ReadCopyAsync(copyId, http.User.ToActor(), ct)));
}
