using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Platform;

/// <summary>A demo user: sign in as them on /signin or with POST /api/dev/token.</summary>
public sealed record DemoUser(string User, string Role, string? Department, string Description);

/// <summary>A demo applicant (online channel): sign in with POST /api/dev/applicant-token.</summary>
public sealed record DemoApplicant(string User, string SubjectId, string SubjectKind, string SubjectName, string Description);

/// <summary>
/// Demo mode (`--demo=true`, development only): seals for the bureau and the registries, and applications in
/// every state (waiting at the window, in review, awaiting correction, approved with a certificate, denied),
/// so a first run shows a living system. Runs once, on an empty database.
/// </summary>
public sealed class DemoSeeder(ApprovalDbContext db, SealService seals, WorkflowRuntime runtime, TaskService tasks, ILogger<DemoSeeder> logger)
{
    public static readonly DemoUser[] Users =
    [
        new("clerk-wang", "clerk", null, "Service window clerk: intake, corrections, materials"),
        new("planning-li", "reviewer", "planning", "Planning bureau reviewer"),
        new("land-zhang", "reviewer", "land", "Natural resources (land) reviewer"),
        new("fire-chen", "reviewer", "fire", "Fire and rescue reviewer"),
        new("env-zhou", "reviewer", "environment", "Ecology and environment reviewer"),
        new("director-huang", "reviewer", "bureau", "Approval bureau: joint decisions"),
        new("market-sun", "reviewer", "market-supervision", "Market supervision: registration, supervision"),
        new("housing-wu", "reviewer", "housing-construction", "Housing and construction: supervision of permits"),
        new("registry-zheng", "reviewer", "real-estate-registry", "Real estate registration center"),
        new("tax-feng", "reviewer", "tax", "Tax bureau"),
        new("designer-liu", "designer", null, "Process designer (Elsa Studio)"),
        new("admin-zhao", "admin", null, "Administrator: versions, seals"),
        new("auditor-qian", "auditor", null, "Auditor: history, chains, seals"),
    ];

    /// <summary>Valid check characters: a person, two users of one company (they share its applications), another company.</summary>
    public static readonly DemoApplicant[] Applicants =
    [
        new("zhang-san", "32050219850317002X", "person", "张三", "个人申请人（居民身份证）"),
        new("suip-agent-1", "91320594MA1M111104", "organisation", "苏州工业园区建设有限公司", "企业经办人一"),
        new("suip-agent-2", "91320594MA1M111104", "organisation", "苏州工业园区建设有限公司", "企业经办人二（同一企业，共享办件）"),
        new("wuxi-agent", "91320200MA1P2Q3R43", "organisation", "无锡灵犀科技有限公司", "另一企业的经办人"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Instances.AnyAsync(ct))
        {
            logger.LogInformation("Demo data not seeded: the database already has applications");
            return;
        }
        await seals.CreateAsync(new CreateSealRequest("bureau", "Administrative Approval Bureau seal", "sm2", ["planning", "land", "fire", "environment"]), ct);
        await seals.CreateAsync(new CreateSealRequest("market-supervision", "Market Supervision Administration seal", "sm2", null), ct);
        await seals.CreateAsync(new CreateSealRequest("real-estate-registry", "Real Estate Registration Center seal", "ecdsa-p256", null), ct);

        const string permit = "construction-permit-3550";
        await StartAsync(permit, "JS-3550-0001", "Changzhou New Energy Co.", "Battery plant phase II");
        var inReview = await StartAsync(permit, "JS-3550-0002", "Nantong Shipyard Ltd.", "Dry dock workshop");
        await AcceptAsync(inReview);
        await CompleteAsync(inReview, "planning", Outcomes.Approved, "Conforms to the regulatory detailed plan.");
        await CompleteAsync(inReview, "land", Outcomes.Approved, "Land use right valid until 2068.");

        var correction = await StartAsync(permit, "JS-3550-0003", "Suzhou Bio Labs", "R&D building");
        await AcceptAsync(correction);
        await CompleteAsync(correction, "fire", Outcomes.NeedsCorrection, "Evacuation stairs are not drawn on floors 3-5.", ["fire exit plan"]);

        var approved = await StartAsync(permit, "JS-3550-0004", "Xuzhou Machinery Group", "Assembly hall");
        await AcceptAsync(approved);
        foreach (var d in new[] { "planning", "land", "fire", "environment" }) await CompleteAsync(approved, d, Outcomes.Approved, "Conforms.");
        await CompleteAsync(approved, "bureau", Outcomes.Approved, "Approved after joint review.");

        var denied = await StartAsync(permit, "JS-3550-0005", "Yangzhou Chemicals", "Solvent store");
        await AcceptAsync(denied);
        await CompleteAsync(denied, "environment", Outcomes.Rejected, "The site lies inside the Yangtze shoreline protection zone.");
        foreach (var d in new[] { "planning", "land", "fire" }) await CompleteAsync(denied, d, Outcomes.Approved, "Conforms.");

        var enterprise = await StartAsync("enterprise-establishment-3d", "JS-EST-0001", "Wuxi Lingxi Technology Co.", "Company establishment");
        await AcceptAsync(enterprise);
        await CompleteAsync(enterprise, "market-supervision", Outcomes.Approved, "Name and domicile verified.");

        var estate = await StartAsync("real-estate-registration-5d", "JS-RE-0001", "Li Ming", "Flat 1203, Building 5, Jinji Lake Garden");
        await AcceptAsync(estate);
        await CompleteAsync(estate, "tax", Outcomes.Approved, "Deed tax paid.");

        logger.LogInformation("Demo data seeded: 7 applications in various states, 3 seals. Sign in at /signin as one of: {Users}",
            string.Join(", ", Users.Select(u => u.Department is null ? $"{u.User} ({u.Role})" : $"{u.User} ({u.Role}, {u.Department})")));
    }

    private static Actor ActorOf(string user) => Users.Single(u => u.User == user) is var u ? new Actor(u.User, [u.Role], u.Department) : Actor.System;

    private async Task<string> StartAsync(string definitionId, string correlationId, string applicant, string project) =>
        (await runtime.StartAsync(definitionId, correlationId, new JsonObject { ["applicant"] = applicant, ["project"] = project }, ActorOf("clerk-wang"))).Id;

    private Task AcceptAsync(string instanceId) => CompleteAsync(instanceId, "window", Outcomes.Accepted, "Materials complete.");

    private async Task CompleteAsync(string instanceId, string department, string outcome, string opinion, IReadOnlyList<string>? materials = null)
    {
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instanceId && t.Department == department && t.Status == TaskStatus.Open);
        var actor = department == "window" ? ActorOf("clerk-wang") : new Actor(Users.First(u => u.Department == department).User, ["reviewer"], department);
        await tasks.CompleteAsync(task.Id, new CompleteTaskRequest(outcome, opinion, materials, null), actor, CancellationToken.None);
    }
}
