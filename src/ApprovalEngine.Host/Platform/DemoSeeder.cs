using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Applicants;
using ApprovalEngine.Persistence.Definitions;
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
/// so a first run shows a living system. Some were filed at the counter, some online by the demo applicants, so that
/// each applicant signing in on /service/signin finds their own: 张三 a registration in review, the Suzhou company a
/// certificate to download and rate and a correction notice to answer, the Wuxi company one waiting at the window.
/// Runs once, on an empty database.
/// </summary>
public sealed class DemoSeeder(ApprovalDbContext db, SealService seals, WorkflowRuntime runtime, TaskService tasks, DefinitionStore definitions,
    FileNumbers fileNumbers, TimeProvider time, ILogger<DemoSeeder> logger)
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
        await seals.CreateAsync(new CreateSealRequest("bureau", "行政审批局行政审批专用章", "sm2", ["planning", "land", "fire", "environment"]), ct);
        await seals.CreateAsync(new CreateSealRequest("market-supervision", "市场监督管理局行政审批专用章", "sm2", null), ct);
        await seals.CreateAsync(new CreateSealRequest("real-estate-registry", "不动产登记中心不动产登记专用章", "ecdsa-p256", null), ct);

        const string permit = "construction-permit-3550";
        await StartAsync(permit, "JS-3550-0001", "常州新能源科技有限公司", "动力电池工厂二期");
        var inReview = await StartAsync(permit, "JS-3550-0002", "南通船舶重工有限公司", "干船坞车间");
        await AcceptAsync(inReview);
        await CompleteAsync(inReview, "planning", Outcomes.Approved, "符合控制性详细规划。");
        await CompleteAsync(inReview, "land", Outcomes.Approved, "国有建设用地使用权有效期至2068年。");

        var correction = await StartAsync(permit, "JS-3550-0003", "苏州生物医药研究院有限公司", "研发楼");
        await AcceptAsync(correction);
        await CompleteAsync(correction, "fire", Outcomes.NeedsCorrection, "三至五层未标注疏散楼梯，请补正消防设计图纸。", ["fire protection design"]);

        var approved = await StartAsync(permit, "JS-3550-0004", "徐州工程机械集团有限公司", "总装车间");
        await AcceptAsync(approved);
        foreach (var d in new[] { "planning", "land", "fire", "environment" }) await CompleteAsync(approved, d, Outcomes.Approved, "同意。");
        await CompleteAsync(approved, "bureau", Outcomes.Approved, "经联合审查，准予许可。");

        var denied = await StartAsync(permit, "JS-3550-0005", "扬州化工有限公司", "溶剂仓库");
        await AcceptAsync(denied);
        await CompleteAsync(denied, "environment", Outcomes.Rejected, "项目选址位于长江岸线保护范围内，不予许可。");
        foreach (var d in new[] { "planning", "land", "fire" }) await CompleteAsync(denied, d, Outcomes.Approved, "同意。");

        var enterprise = await StartAsync("enterprise-establishment-3d", "JS-EST-0001", "无锡灵犀科技有限公司", "企业设立登记");
        await AcceptAsync(enterprise);
        await CompleteAsync(enterprise, "market-supervision", Outcomes.Approved, "名称及住所核验无误。");

        // Filed online by the demo applicants (the same path as POST /api/applicant/applications).
        var estate = await ApplyOnlineAsync("zhang-san", "real-estate-registration-5d", new JsonObject
        {
            ["project"] = "金鸡湖花园5幢1203室", ["unitNumber"] = "320506001001GB00012F00011203", ["area"] = 89.5, ["price"] = 268,
            ["contactPhone"] = "13812345678",
        });
        await AcceptAsync(estate);
        await CompleteAsync(estate, "tax", Outcomes.Approved, "契税已缴纳。");

        var certified = await ApplyOnlineAsync("suip-agent-1", permit, PermitFields("星湖街智能制造产业园一期", "苏州工业园区星湖街328号", 46800));
        await AcceptAsync(certified);
        foreach (var d in new[] { "planning", "land", "fire", "environment" }) await CompleteAsync(certified, d, Outcomes.Approved, "同意。");
        await CompleteAsync(certified, "bureau", Outcomes.Approved, "经联合审查，准予许可。");

        var toCorrect = await ApplyOnlineAsync("suip-agent-2", permit, PermitFields("金鸡湖商务中心B座", "苏州工业园区苏州大道东289号", 32500));
        await AcceptAsync(toCorrect);
        await CompleteAsync(toCorrect, "planning", Outcomes.Approved, "符合控制性详细规划。");
        await CompleteAsync(toCorrect, "environment", Outcomes.NeedsCorrection, "请补正环境影响评价批复文件。", ["environmental impact report"]);

        await ApplyOnlineAsync("wuxi-agent", permit, PermitFields("灵犀科技研发中心", "无锡市新吴区菱湖大道200号", 12800));

        var count = await db.Instances.CountAsync(ct);
        logger.LogInformation("Demo data seeded: {Count} applications in various states, 3 seals. Sign in at /signin as one of: {Users}; applicants at /service/signin: {Applicants}",
            count, string.Join(", ", Users.Select(u => u.Department is null ? $"{u.User} ({u.Role})" : $"{u.User} ({u.Role}, {u.Department})")),
            string.Join(", ", Applicants.Select(a => a.User)));
    }

    // Work starts a quarter after the application: a planned start in the past is refused (the field is notPast).
    private JsonObject PermitFields(string project, string address, double floorArea) => new()
    {
        ["project"] = project, ["projectAddress"] = address, ["floorArea"] = floorArea,
        ["plannedStart"] = Approvals.Calendar.ChinaTime.ChinaDate(time.GetUtcNow()).AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["contactName"] = "陈工", ["contactPhone"] = "13912345678",
    };

    private async Task<string> ApplyOnlineAsync(string user, string definitionId, JsonObject fields)
    {
        var applicant = Applicants.Single(a => a.User == user);
        var guide = await ServiceGuides.RequireAsync(definitions, definitionId, CancellationToken.None);
        var (instance, _) = await ApplicantApi.StartOnlineAsync(guide, fields,
            new ApplicantSubject(applicant.SubjectId, applicant.SubjectKind, applicant.SubjectName), ApplicantIdentity.ActorOf(user),
            runtime, fileNumbers, Approvals.Calendar.ChinaTime.ChinaDate(time.GetUtcNow()), CancellationToken.None);
        return instance.Id;
    }

    private static Actor ActorOf(string user) => Users.Single(u => u.User == user) is var u ? new Actor(u.User, [u.Role], u.Department) : Actor.System;

    private async Task<string> StartAsync(string definitionId, string correlationId, string applicant, string project) =>
        (await runtime.StartAsync(definitionId, correlationId, new JsonObject { ["applicant"] = applicant, ["project"] = project }, ActorOf("clerk-wang"))).Id;

    private Task AcceptAsync(string instanceId) => CompleteAsync(instanceId, "window", Outcomes.Accepted, "材料齐全，予以受理。");

    private async Task CompleteAsync(string instanceId, string department, string outcome, string opinion, IReadOnlyList<string>? materials = null)
    {
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instanceId && t.Department == department && t.Status == TaskStatus.Open);
        var actor = department == "window" ? ActorOf("clerk-wang") : new Actor(Users.First(u => u.Department == department).User, ["reviewer"], department);
        await tasks.CompleteAsync(task.Id, new CompleteTaskRequest(outcome, opinion, materials, null), actor, CancellationToken.None);
    }
}
