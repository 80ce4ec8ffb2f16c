using System.Text.Json.Nodes;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// How a human step's opinion is reached (Studio input <c>reviewMode</c>): 单人 one member of the department; 会签 every
/// listed signer must approve; 或签 the first signer to answer decides; 依次 the listed signers one after another; 票签
/// the step passes once the share of approvals reaches the pass ratio. The within-department chain by position
/// (承办 -> 审核 -> 批准) applies to the single mode: each level is a task for the members holding that position.
/// </summary>
public static class ReviewModes
{
    public const string Single = "single", All = "all", Any = "any", Sequential = "sequential", Vote = "vote";

    /// <summary>Studio dropdown items ("value|label"); constants, as attribute arguments must be.</summary>
    public const string OptionSingle = "single|单人审查", OptionAll = "all|会签（全部同意）", OptionAny = "any|或签（一人决定）",
        OptionSequential = "sequential|依次审批", OptionVote = "vote|票签（按通过比例）";

    public const string ModeDescription = "单人审查：部门任一人员办理；会签：全部签署人同意才通过；或签：第一位签署人的意见即为结论；" +
        "依次审批：签署人按顺序逐一签署；票签：同意票达到通过比例即通过。任何不同意意见（票签除外）即结束本环节并载明理由。";

    public static readonly IReadOnlySet<string> Known = new HashSet<string> { Single, All, Any, Sequential, Vote };

    /// <summary>Positions a chain level may name (the organisation directory's positions).</summary>
    public static readonly IReadOnlyDictionary<string, string> Positions = new Dictionary<string, string>
    {
        ["handler"] = "承办", ["checker"] = "审核", ["approver"] = "批准",
    };

    public static string Label(string mode) => mode switch
    {
        All => "会签", Any => "或签", Sequential => "依次审批", Vote => "票签", _ => "审查",
    };
}

/// <summary>The designer's choice for one step: mode, signers (staff ids), pass ratio and the chain of positions.</summary>
public sealed record SignOffPolicy(string Mode, IReadOnlyList<string> Signers, double PassRatio, IReadOnlyList<string> Chain)
{
    public static SignOffPolicy Create(string? mode, IEnumerable<string>? signers, double passRatio, IEnumerable<string>? chain) => new(
        string.IsNullOrWhiteSpace(mode) ? ReviewModes.Single : mode.Trim().ToLowerInvariant(),
        Clean(signers), passRatio, Clean(chain).Select(c => c.ToLowerInvariant()).ToList());

    private static List<string> Clean(IEnumerable<string>? values) =>
        (values ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList();

    public bool UsesSigners => Mode is not ReviewModes.Single;

    /// <summary>Every problem of the configuration, for publish-time validation (engine: as literal values).</summary>
    public IEnumerable<string> Problems()
    {
        if (!ReviewModes.Known.Contains(Mode))
            yield return $"Review mode '{Mode}' is unknown; use one of: {string.Join(", ", ReviewModes.Known)}.";
        if (UsesSigners && Signers.Count == 0) yield return $"Review mode '{Mode}' needs the signers (staff ids) in 'signers'.";
        if (Signers.Count != Signers.Distinct(StringComparer.OrdinalIgnoreCase).Count()) yield return "A signer is listed twice in 'signers'.";
        if (Signers.Count > 50) yield return "At most 50 signers.";
        if (Mode == ReviewModes.Vote && PassRatio is <= 0 or > 1) yield return "The pass ratio must be more than 0 and at most 1 (e.g. 0.5, 0.67).";
        if (Chain.Count > 0 && UsesSigners) yield return "A chain by position ('positionChain') applies to the single review mode only.";
        foreach (var p in Chain.Where(p => !ReviewModes.Positions.ContainsKey(p)))
            yield return $"Position '{p}' in 'positionChain' is unknown; use handler (承办), checker (审核) or approver (批准).";
        if (Chain.Count > 5) yield return "A chain by position has at most 5 levels.";
    }
}

/// <summary>One answer given on one task of the step's current round.</summary>
public sealed record SignOffVote(string TaskId, string Actor, string Outcome, string? Opinion)
{
    public JsonObject ToJson() => new() { ["taskId"] = TaskId, ["actor"] = Actor, ["outcome"] = Outcome, ["opinion"] = Opinion };

    public static SignOffVote From(JsonNode node) => new(node["taskId"]!.GetValue<string>(), node["actor"]!.GetValue<string>(),
        node["outcome"]!.GetValue<string>(), node["opinion"]?.GetValue<string>());
}

/// <summary>The step's opinion once the mode has reached one.</summary>
public sealed record SignOffVerdict(string Outcome, string? Opinion, IReadOnlyList<string> Materials, string Actor, IReadOnlyList<SignOffVote> Votes);
