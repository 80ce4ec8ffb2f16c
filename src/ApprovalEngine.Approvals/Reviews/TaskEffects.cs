using System.Text.Json.Nodes;

namespace ApprovalEngine.Approvals.Reviews;

public enum TaskKind { Acceptance, Review, Decision }

/// <summary>
/// An activity asks for a human task; the host stores it in the same transaction as the bookmark it points to. With an
/// <paramref name="Assignee"/> (a named signer) the task is held by that person, or by their substitute while they are on leave.
/// </summary>
public sealed record OpenTask(
    string TaskId, string BookmarkId, TaskKind Kind, string Department, string Title, string? Instructions,
    int? DeadlineWorkingDays, IReadOnlyList<string> RequiredMaterials, IReadOnlyList<string> Outcomes, int Round, JsonObject? Context = null,
    string? Assignee = null);

/// <summary>The human decided; the task is closed by the same transaction that moves the workflow on.</summary>
public sealed record CloseTask(string TaskId, string Outcome, string? Opinion, IReadOnlyList<string> Materials);

/// <summary>One notice to the applicant listing everything missing or defective at once (Administrative License Law Art. 32).</summary>
public sealed record CorrectionNotice(string NoticeId, string BookmarkId, string RequestedBy, IReadOnlyList<string> Missing, string? Opinion);

/// <summary>The applicant's complete resubmission arrived; the notice is answered.</summary>
public sealed record CorrectionResolved(string NoticeId);

/// <summary>What a reviewer sends when completing a task (the resume payload of a task bookmark).</summary>
/// <remarks><paramref name="Acceptance"/>: at the window, how the application was accepted (容缺受理, 告知承诺), already checked by the host.</remarks>
public sealed record TaskCompletion(string TaskId, string Outcome, string? Opinion, IReadOnlyList<string> Materials, string Actor, string? Department, string? CompetentAgency,
    JsonObject? Acceptance = null)
{
    public static TaskCompletion From(JsonNode? payload) => new(
        payload?["taskId"]?.GetValue<string>() ?? "",
        payload?["outcome"]?.GetValue<string>() ?? "",
        payload?["opinion"]?.GetValue<string>(),
        payload?["materials"] is JsonArray a ? a.Select(m => m!.GetValue<string>()).ToList() : [],
        payload?["actor"]?.GetValue<string>() ?? "",
        payload?["department"]?.GetValue<string>(),
        payload?["competentAgency"]?.GetValue<string>(),
        payload?["acceptance"] as JsonObject);

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["taskId"] = TaskId, ["outcome"] = Outcome, ["opinion"] = Opinion,
            ["materials"] = new JsonArray(Materials.Select(m => (JsonNode)m).ToArray()),
            ["actor"] = Actor, ["department"] = Department, ["competentAgency"] = CompetentAgency,
        };
        if (Acceptance is not null) json["acceptance"] = Acceptance.DeepClone();
        return json;
    }
}

/// <summary>Outcomes that must carry a written reason (Art. 38: a denial states its reasons).</summary>
public static class Outcomes
{
    public const string Accepted = "Accepted", NotAccepted = "NotAccepted", CorrectionRequested = "CorrectionRequested";
    public const string Approved = "Approved", Rejected = "Rejected", NeedsCorrection = "NeedsCorrection", Denied = "Denied";

    /// <summary>A department's answer for its service (rectification, callback, complaint reply): the written answer is the point.</summary>
    public const string Rectified = "Rectified", CalledBack = "CalledBack", Replied = "Replied";

    /// <summary>告知承诺 verification (核查): the commitment held, or it was false (the approval and its licence are revoked).</summary>
    public const string Verified = "Verified", CommitmentFalse = "CommitmentFalse";

    public static readonly IReadOnlySet<string> NeedOpinion = new HashSet<string> { NotAccepted, CorrectionRequested, Rejected, NeedsCorrection, Denied, Rectified, CalledBack, Replied, CommitmentFalse };
    /// <summary>
    /// A correction, asked by the window or by a department, becomes the applicant's one notice; the clerk can only
    /// check a resubmission against named materials, so the request must name them (an opinion alone cannot be supplied).
    /// </summary>
    public static readonly IReadOnlySet<string> NeedMaterialsList = new HashSet<string> { CorrectionRequested, NeedsCorrection };
}
