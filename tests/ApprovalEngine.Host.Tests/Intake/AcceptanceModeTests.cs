using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Host.Tests.Organisation;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.Intake;

/// <summary>
/// 容缺受理 over HTTP with fake time: the window accepts with minor materials deferred under the applicant's signed commitment,
/// review starts at once, the decision waits until the window confirms the materials; a lapse terminates or suspends the case
/// as the step declares (never later than the statutory limit); an applicant on the bad-credit list is refused the mode.
/// Every change is one stimulus with its journal line and audit record.
/// </summary>
public abstract class AcceptanceModeContract(HostFixture host)
{
    public const string PowerOfAttorney = "授权委托书";
    public const string FireDesign = "消防设计说明";
    private readonly ApiFactory _api = host.Api;
    private PermitClient Permit => new(_api);

    /// <summary>Start -> window (two deferrable materials) -> fire review -> decision (bureau) -> end.</summary>
    private async Task<string> StartAsync(string definitionId, string lapseAction, int supplyDays = 3, int statutoryDays = 20, string? applicantId = null,
        bool allowCommitment = false)
    {
        var admin = await Permit.Admin();
        if ((await admin.GetAsync($"/api/definitions/{definitionId}")).StatusCode != HttpStatusCode.OK)
            await DeployAsync(admin, Process(definitionId, lapseAction, supplyDays, statutoryDays, allowCommitment));
        var input = new JsonObject { ["applicant"] = "苏州容缺科技有限公司" };
        if (applicantId is not null) input["applicantId"] = applicantId;
        var started = await (await Permit.Clerk()).PostAsJsonAsync("/api/instances", new { definitionId, correlationId = $"JS-RQ-{Guid.NewGuid():N}"[..20], input });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>The 容缺 test process: start -> window (two deferrable materials) -> fire review -> decision (bureau) -> end.</summary>
    public static JsonObject Process(string definitionId, string lapseAction, int supplyDays = 3, int statutoryDays = 20, bool allowCommitment = false)
    {
        var model = new WorkflowJson().Start()
            .Activity("intake", "Approvals.Acceptance", ("department", "Literal", "window"),
                ("requiredMaterials", "Object", $"[\"{PowerOfAttorney}\",\"{FireDesign}\",\"营业执照\"]"),
                ("deferrableMaterials", "Object", $"[\"{PowerOfAttorney}\",\"{FireDesign}\"]"),
                ("deferredSupplyWorkingDays", "Literal", supplyDays.ToString()), ("deferredLapseAction", "Literal", lapseAction),
                ("allowCommitment", "Literal", allowCommitment ? "true" : "false"), ("commitmentMaterials", "Object", "[\"场地权属证明\"]"))
            .Activity("review", "Approvals.Review", ("department", "Literal", "fire"))
            .Activity("decision", "Approvals.Decision", ("department", "Literal", "bureau"))
            .End().End("denied")
            .Connect("start", "intake").Connect("intake", "review", "Accepted").Connect("review", "decision", "Approved").Connect("review", "decision", "Rejected")
            .Connect("decision", "end", "Approved").Connect("decision", "denied", "Denied")
            .Variable("reviews").Variable("decision").Build("容缺受理测试", definitionId);
        model["customProperties"] = new JsonObject { ["statutoryLimitWorkingDays"] = statutoryDays };
        return model;
    }

    public static async Task DeployAsync(HttpClient admin, JsonObject model)
    {
        var definitionId = model["definitionId"]!.GetValue<string>();
        var saved = await admin.PostAsJsonAsync("/api/definitions", model);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var published = await admin.PostAsync($"/api/definitions/{definitionId}/publish", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    public static object Deferred(params string[] materials) =>
        new { mode = "deferred", materials, commitment = new { signedBy = "张三（法定代表人）", text = "本单位承诺在期限内补齐上述材料，逾期愿承担相应后果。" } };

    private async Task<HttpResponseMessage> AcceptAsync(string id, object? acceptance)
    {
        var clerk = await Permit.Clerk();
        var task = await Permit.OpenTaskIdAsync(clerk, id);
        return await clerk.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "Accepted", acceptance });
    }

    private async Task<JsonObject> ModeAsync(string id) => (await (await Permit.Clerk()).GetFromJsonAsync<JsonObject>($"/api/instances/{id}/acceptance-mode"))!;

    private async Task<List<string>> EventsAsync(string id) => (await Permit.JournalAsync(id)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();

    private async Task<List<string>> AuditEventsAsync(string id) =>
        (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&pageSize=200"))!["items"]!.AsArray()
        .SelectMany(a => JsonNode.Parse(a!["summary"]!.GetValue<string>())!["events"]!.AsArray().Select(e => e!.GetValue<string>())).ToList();

    private async Task<string> StatusAsync(string id) => (await Permit.InstanceAsync(id))["status"]!.GetValue<string>();

    private async Task<JsonObject> StatutoryAsync(string id) =>
        (await (await Permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!.Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!.AsObject();

    private static async Task Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    /// <summary>Moves the fake clock to 09:00 China time on the first day after <paramref name="due"/> and fires what is due.</summary>
    private async Task PassAsync(DateOnly due)
    {
        var target = new DateTimeOffset(due.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        if (target > _api.Time.GetUtcNow()) _api.Time.SetUtcNow(target);
        await _api.Timers.FireDueAsync();
    }

    [Fact]
    public async Task SuppliedOnTime_TheDecisionWaitsForTheMaterials_ThenGoesAhead()
    {
        var id = await StartAsync("deferred-terminate", "terminate");
        await Ok(await AcceptAsync(id, Deferred(PowerOfAttorney)));

        var mode = await ModeAsync(id);
        Assert.Equal(("deferred", "pending", "terminate"), (mode["mode"]!.GetValue<string>(), mode["supplyStatus"]!.GetValue<string>(), mode["lapseAction"]!.GetValue<string>()));
        Assert.Equal([PowerOfAttorney], mode["materials"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("张三（法定代表人）", mode["commitmentSignedBy"]!.GetValue<string>());
        var due = DateOnly.Parse(mode["supplyDueDate"]!.GetValue<string>());
        Assert.True(due > DateOnly.FromDateTime(_api.Time.GetUtcNow().AddHours(8).DateTime));
        // Review starts at once, under the statutory clock.
        await Permit.ReviewAsync(id, "fire", "Approved");
        Assert.Contains("DecisionAwaitsDeferredMaterials", await EventsAsync(id));
        Assert.Empty(await Permit.TasksAsync(await Permit.Admin(), id));

        var clerk = await Permit.Clerk();
        // The answer names the commitment's signer, so a supply is a recorded read, but only once it succeeded: a refusal changes nothing.
        var auditor = await _api.ClientAsync("auditor-sun", "auditor");
        async Task<int> ReadsAsync() => (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/access?instanceId={id}&actor=clerk-zhang"))!["items"]!.AsArray().Count;
        // Reads are kept once per minute: each refusal below comes in a minute of its own, where a recorded read would show.
        _api.Time.Advance(TimeSpan.FromMinutes(2));
        var reads = await ReadsAsync();
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.AcceptanceMaterialsMissing, (string?)"materials"),
            await OrganisationContract.Problem(await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null)));
        Assert.Equal(reads, await ReadsAsync());
        await Ok(await Permit.UploadAsync(clerk, id, PowerOfAttorney));
        var supplied = await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null);
        await Ok(supplied);
        Assert.Equal("supplied", (await supplied.Content.ReadFromJsonAsync<JsonObject>())!["supplyStatus"]!.GetValue<string>());
        _api.Time.Advance(TimeSpan.FromMinutes(2));
        reads = await ReadsAsync();
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.AcceptanceAlreadySupplied, (string?)null),
            await OrganisationContract.Problem(await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null)));
        Assert.Equal(reads, await ReadsAsync());

        // The decision is reached now; the lapse timer went with the supply.
        var decisionTask = (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!;
        Assert.Equal("Decision", decisionTask["kind"]!.GetValue<string>());
        await PassAsync(due);
        Assert.Equal("supplied", (await ModeAsync(id))["supplyStatus"]!.GetValue<string>());
        await Ok(await PermitClient.CompleteAsync(await Permit.Reviewer("bureau"), decisionTask["id"]!.GetValue<string>(), "Approved", "准予许可"));
        Assert.Equal("Finished", await StatusAsync(id));

        var events = await EventsAsync(id);
        Assert.Equal(1, events.Count(e => e == "AcceptedWithDeferredMaterials"));
        Assert.Equal(1, events.Count(e => e == "DeferredMaterialsSupplied"));
        Assert.DoesNotContain("DeferredMaterialsLapsed", events);
        var audit = await AuditEventsAsync(id);
        Assert.Contains("AcceptedWithDeferredMaterials:intake", audit);
        Assert.Contains("DeferredMaterialsSupplied", audit);
    }

    [Fact]
    public async Task SuppliedBeforeTheReviewEnds_TheDecisionIsNotHeld()
    {
        var id = await StartAsync("deferred-terminate", "terminate");
        await Ok(await AcceptAsync(id, Deferred(PowerOfAttorney, FireDesign)));
        var clerk = await Permit.Clerk();
        await Ok(await Permit.UploadAsync(clerk, id, PowerOfAttorney));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.AcceptanceMaterialsMissing, (string?)"materials"),
            await OrganisationContract.Problem(await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null)));
        await Ok(await Permit.UploadAsync(clerk, id, FireDesign));
        await Ok(await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null));

        await Permit.ReviewAsync(id, "fire", "Approved");
        Assert.DoesNotContain("DecisionAwaitsDeferredMaterials", await EventsAsync(id));
        Assert.Equal("Decision", (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task MissedDeadline_Terminate_EndsTheCase()
    {
        var id = await StartAsync("deferred-terminate", "terminate");
        await Ok(await AcceptAsync(id, Deferred(FireDesign)));
        var due = DateOnly.Parse((await ModeAsync(id))["supplyDueDate"]!.GetValue<string>());

        await PassAsync(due);

        Assert.Equal("Cancelled", await StatusAsync(id));
        // The host ended it, the applicant did not withdraw: 终止办理.
        Assert.Equal("terminated", (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["outcome"]!.GetValue<string>());
        var mode = await ModeAsync(id);
        Assert.Equal("lapsed", mode["supplyStatus"]!.GetValue<string>());
        Assert.NotNull(mode["lapsedAt"]);
        Assert.Empty(await Permit.TasksAsync(await Permit.Admin(), id));
        Assert.Equal("Cancelled", (await Permit.TasksAsync(await Permit.Admin(), id, "cancelled")).Single()!["status"]!.GetValue<string>());
        Assert.Equal(1, (await EventsAsync(id)).Count(e => e == "DeferredMaterialsLapsed"));
        Assert.Contains("DeferredMaterialsLapsed", await AuditEventsAsync(id));
        var clerk = await Permit.Clerk();
        await Permit.UploadAsync(clerk, id, FireDesign);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null)).StatusCode);
    }

    [Fact]
    public async Task MissedDeadline_Suspend_PausesTheClock_NeverPastTheStatutoryLimit_LateSupplyResumes()
    {
        // A supply period longer than the statutory limit ends on the statutory due date.
        var id = await StartAsync("deferred-suspend", "suspend", supplyDays: 5, statutoryDays: 2);
        await Ok(await AcceptAsync(id, Deferred(FireDesign)));
        var mode = await ModeAsync(id);
        var statutory = await StatutoryAsync(id);
        Assert.Equal(statutory["dueDate"]!.GetValue<string>(), mode["supplyDueDate"]!.GetValue<string>());
        await Permit.ReviewAsync(id, "fire", "Approved");

        await PassAsync(DateOnly.Parse(mode["supplyDueDate"]!.GetValue<string>()));

        Assert.Equal("Suspended", await StatusAsync(id));
        Assert.Equal("lapsed", (await ModeAsync(id))["supplyStatus"]!.GetValue<string>());
        Assert.Equal("paused", (await StatutoryAsync(id))["state"]!.GetValue<string>());
        Assert.Empty(await Permit.TasksAsync(await Permit.Admin(), id));

        var clerk = await Permit.Clerk();
        await Ok(await Permit.UploadAsync(clerk, id, FireDesign));
        await Ok(await clerk.PostAsync($"/api/instances/{id}/deferred-materials/supplied", null));
        Assert.NotEqual("paused", (await StatutoryAsync(id))["state"]!.GetValue<string>());
        Assert.Equal("Decision", (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!["kind"]!.GetValue<string>());
        var events = await EventsAsync(id);
        Assert.True(events.IndexOf("DeferredMaterialsLapsed") < events.IndexOf("DeferredMaterialsSupplied"));
    }

    [Fact]
    public async Task BadCredit_IsRefusedTheMode_StandardAcceptanceStillWorks()
    {
        var code = ValidCreditCode("91320594MA1RQ0001");
        var admin = await Permit.Admin();
        Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.Forbidden, (string?)null), await OrganisationContract.Problem(
            await (await Permit.Clerk()).PostAsJsonAsync("/api/credit-marks", new { subjectId = code, subjectName = "失信公司", reason = "x" })));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ValidationField, (string?)"subjectId"), await OrganisationContract.Problem(
            await admin.PostAsJsonAsync("/api/credit-marks", new { subjectId = code[..^1] + (code[^1] == '0' ? '1' : '0'), subjectName = "失信公司", reason = "拒不履行判决" })));
        var added = await admin.PostAsJsonAsync("/api/credit-marks", new { subjectId = code, subjectName = "失信公司", reason = "列入严重失信主体名单" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var marks = (await (await Permit.Clerk()).GetFromJsonAsync<JsonObject>($"/api/credit-marks?subjectId={code}"))!["items"]!.AsArray();
        Assert.Equal("列入严重失信主体名单", marks.Single()!["reason"]!.GetValue<string>());

        var id = await StartAsync("deferred-terminate", "terminate", applicantId: code);
        var refused = await AcceptAsync(id, Deferred(PowerOfAttorney));
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.AcceptanceCreditRefused, (string?)"acceptance.mode"), await OrganisationContract.Problem(refused));
        Assert.Equal("standard", (await ModeAsync(id))["mode"]!.GetValue<string>());
        Assert.DoesNotContain("AcceptedWithDeferredMaterials", await EventsAsync(id));
        Assert.Single(await Permit.TasksAsync(await Permit.Admin(), id));

        await Ok(await AcceptAsync(id, new { mode = "standard" }));
        Assert.Equal("Review", (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!["kind"]!.GetValue<string>());
        Assert.Contains("credit.mark-added", (await admin.GetFromJsonAsync<JsonObject>("/api/audit?action=credit.mark-added&pageSize=50"))!["items"]!.AsArray()
            .Select(a => a!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CreditList_ByPageAndSearch_RemovedOnlyWhenAsked()
    {
        var admin = await Permit.Admin();
        var codes = new[] { "91320594MA1PG0001", "91320594MA1PG0002", "91320594MA1PG0003" }.Select(ValidCreditCode).ToList();
        var names = new[] { "翻页甲公司", "翻页乙公司", "翻页丙公司" };
        for (var i = 0; i < codes.Count; i++)
            await Ok(await admin.PostAsJsonAsync("/api/credit-marks", new { subjectId = codes[i], subjectName = names[i], reason = "列入严重失信主体名单" }));
        var removed = (await admin.GetFromJsonAsync<JsonObject>($"/api/credit-marks?subjectId={codes[1]}"))!["items"]![0]!["id"]!.GetValue<string>();
        await Ok(await admin.DeleteAsync($"/api/credit-marks/{removed}"));
        var clerk = await Permit.Clerk();
        async Task<JsonObject> ListAsync(string query) => (await clerk.GetFromJsonAsync<JsonObject>($"/api/credit-marks?{query}"))!;
        static List<string> Names(JsonObject page) => page["items"]!.AsArray().Select(m => m!["subjectName"]!.GetValue<string>()).ToList();

        Assert.Equal(["翻页丙公司", "翻页甲公司"], Names(await ListAsync("q=翻页")));
        Assert.Equal(["翻页丙公司", "翻页乙公司", "翻页甲公司"], Names(await ListAsync("q=翻页&includeRemoved=true")));
        Assert.Equal(["翻页甲公司"], Names(await ListAsync($"q={codes[0][..17].ToLowerInvariant()}")));
        var second = await ListAsync("q=翻页&includeRemoved=true&pageSize=2&page=1");
        Assert.Equal(["翻页甲公司"], Names(second));
        Assert.Equal(3, second["totalCount"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ValidationField, (string?)"q"),
            await OrganisationContract.Problem(await clerk.GetAsync($"/api/credit-marks?q={new string('x', 129)}")));

        // A person's resident ID: the clerk sees it masked, the admin in full; a credit code is public.
        var person = "0123456789X".Select(c => "32050219790101123" + c).First(IdentityNumbers.IsValidResidentId);
        await Ok(await admin.PostAsJsonAsync("/api/credit-marks", new { subjectId = person, subjectName = "翻页丁某", reason = "失信被执行人" }));
        var seenByClerk = (await ListAsync("q=翻页丁某"))["items"]![0]!["subjectId"]!.GetValue<string>();
        Assert.Equal("320502********123" + person[^1], seenByClerk);
        Assert.Equal(person, (await admin.GetFromJsonAsync<JsonObject>("/api/credit-marks?q=翻页丁某"))!["items"]![0]!["subjectId"]!.GetValue<string>());
        Assert.Equal(codes[0], (await ListAsync("q=翻页甲公司"))["items"]![0]!["subjectId"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.Paging, (string?)"pageSize"),
            await OrganisationContract.Problem(await clerk.GetAsync("/api/credit-marks?pageSize=501")));
    }

    [Fact]
    public async Task BadInput_NamesTheField_AndChangesNothing()
    {
        var id = await StartAsync("deferred-terminate", "terminate");
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ValidationField, (string?)"acceptance.mode"),
            await OrganisationContract.Problem(await AcceptAsync(id, new { mode = "later" })));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.AcceptanceMaterialNotListed, (string?)"acceptance.materials"),
            await OrganisationContract.Problem(await AcceptAsync(id, Deferred("营业执照"))));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ValidationField, (string?)"acceptance.materials"),
            await OrganisationContract.Problem(await AcceptAsync(id, Deferred())));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.AcceptanceCommitmentRequired, (string?)"acceptance.commitment.signedBy"),
            await OrganisationContract.Problem(await AcceptAsync(id, new { mode = "deferred", materials = new[] { PowerOfAttorney } })));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.AcceptanceModeNotAllowed, (string?)"acceptance.mode"),
            await OrganisationContract.Problem(await AcceptAsync(id, new { mode = "commitment", commitment = new { signedBy = "张三" } })));
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.AcceptanceNoDeferredMaterials, (string?)null),
            await OrganisationContract.Problem(await (await Permit.Clerk()).PostAsync($"/api/instances/{id}/deferred-materials/supplied", null)));
        Assert.Equal("standard", (await ModeAsync(id))["mode"]!.GetValue<string>());
        Assert.Equal("Acceptance", (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!["kind"]!.GetValue<string>());

        // The designer's inputs are checked when the process is saved.
        var model = new WorkflowJson().Start()
            .Activity("intake", "Approvals.Acceptance", ("deferrableMaterials", "Object", "[\"a\"]"), ("deferredLapseAction", "Literal", "ignore"))
            .End().Connect("start", "intake").Connect("intake", "end", "Accepted").Build("坏的容缺配置", "deferred-bad");
        var saved = await (await Permit.Admin()).PostAsJsonAsync("/api/definitions", model);
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Contains("deferredLapseAction", await saved.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// 告知承诺: window (commitment replaces 场地权属证明) -> fast path straight to the decision -> seal -> licence -> verification
    /// (bureau, 10 working days) -> end; the standard path reviews at fire first.
    /// </summary>
    private async Task<string> StartCommitmentAsync(string applicantId)
    {
        const string definitionId = "commitment-permit";
        var admin = await Permit.Admin();
        if ((await admin.GetAsync($"/api/definitions/{definitionId}")).StatusCode != HttpStatusCode.OK)
        {
            await Permit.RegisterBureauSealAsync();
            var model = new WorkflowJson().Start()
                .Activity("intake", "Approvals.Acceptance", ("department", "Literal", "window"),
                    ("allowCommitment", "Literal", "true"), ("commitmentMaterials", "Object", "[\"场地权属证明\",\"无违法记录证明\"]"))
                .Activity("review", "Approvals.Review", ("department", "Literal", "fire"))
                .Activity("decision", "Approvals.Decision", ("department", "Literal", "bureau"))
                .Activity("seal", "Approvals.Seal", ("department", "Literal", "bureau"))
                .Activity("licence", "Approvals.IssueCertificate", ("matter", "Literal", "告知承诺测试许可证"), ("department", "Literal", "bureau"), ("numberPrefix", "Literal", "GZCN"))
                .Activity("verify", "Approvals.CommitmentVerification", ("department", "Literal", "bureau"), ("deadlineWorkingDays", "Literal", "10"))
                .End().End("denied")
                .Connect("start", "intake").Connect("intake", "review", "Accepted").Connect("intake", "decision", "AcceptedOnCommitment")
                .Connect("review", "decision", "Approved").Connect("review", "decision", "Rejected")
                .Connect("decision", "seal", "Approved").Connect("decision", "denied", "Denied").Connect("seal", "licence")
                .Connect("licence", "verify").Connect("verify", "end", "Verified").Connect("verify", "end", "CommitmentFalse").Connect("verify", "end", "NotRequired")
                .Variable("reviews").Variable("decision").Build("告知承诺测试", definitionId);
            var saved = await admin.PostAsJsonAsync("/api/definitions", model);
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            var published = await admin.PostAsync($"/api/definitions/{definitionId}/publish", null);
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        }
        var started = await (await Permit.Clerk()).PostAsJsonAsync("/api/instances",
            new { definitionId, correlationId = $"JS-GZ-{Guid.NewGuid():N}"[..20], input = new { applicant = "苏州承诺科技有限公司", applicantId } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task<(string Id, string Certificate)> ApprovedOnCommitmentAsync(string applicantId)
    {
        var id = await StartCommitmentAsync(applicantId);
        await Ok(await AcceptAsync(id, new { mode = "commitment", commitment = new { signedBy = "王五（法定代表人）" } }));
        var mode = await ModeAsync(id);
        Assert.Equal(("commitment", "awaiting-decision"), (mode["mode"]!.GetValue<string>(), mode["verificationStatus"]!.GetValue<string>()));
        Assert.Equal(["场地权属证明", "无违法记录证明"], mode["materials"]!.AsArray().Select(m => m!.GetValue<string>()));
        // Fast path: no department review, the decision is next.
        var decision = (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!;
        Assert.Equal("Decision", decision["kind"]!.GetValue<string>());
        await Ok(await PermitClient.CompleteAsync(await Permit.Reviewer("bureau"), decision["id"]!.GetValue<string>(), "Approved", "准予许可（告知承诺）"));
        var instance = await Permit.InstanceAsync(id);
        var certificate = instance["variables"]!["certificate"]!["number"]!.GetValue<string>();
        return (id, certificate);
    }

    [Fact]
    public async Task Commitment_FastPathDecision_ThenVerificationTask_WithItsDeadline_VerifiedEndsTheCase()
    {
        var (id, _) = await ApprovedOnCommitmentAsync(ValidCreditCode("91320594MA1GC0001"));
        var verification = (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!;
        Assert.Equal(("bureau", "Review"), (verification["department"]!.GetValue<string>(), verification["kind"]!.GetValue<string>()));
        Assert.Equal(["Verified", "CommitmentFalse"], verification["allowedOutcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        var step = (await (await Permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!
            .Single(d => d!["taskId"]?.GetValue<string>() == verification["id"]!.GetValue<string>())!;
        Assert.Equal(10, step["limitWorkingDays"]!.GetValue<int>());
        Assert.Equal("pending", (await ModeAsync(id))["verificationStatus"]!.GetValue<string>());
        var bureau = await Permit.Reviewer("bureau");
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ReasonsRequired, (string?)"opinion"),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(bureau, verification["id"]!.GetValue<string>(), "CommitmentFalse", "")));

        await Ok(await PermitClient.CompleteAsync(bureau, verification["id"]!.GetValue<string>(), "Verified", "现场核查属实"));

        Assert.Equal("Finished", await StatusAsync(id));
        Assert.Contains("CommitmentVerified", await EventsAsync(id));
        Assert.Contains("AcceptedOnCommitment:intake", await AuditEventsAsync(id));
    }

    [Fact]
    public async Task Commitment_FoundFalse_RevokesTheApproval_AndMarksTheApplicant()
    {
        var code = ValidCreditCode("91320594MA1GC0002");
        var (id, certificate) = await ApprovedOnCommitmentAsync(code);
        var verification = (await Permit.TasksAsync(await Permit.Admin(), id)).Single()!["id"]!.GetValue<string>();

        await Ok(await PermitClient.CompleteAsync(await Permit.Reviewer("bureau"), verification, "CommitmentFalse", "经核查，场地权属证明所载内容与不动产登记不符"));

        var mode = await ModeAsync(id);
        Assert.Equal("false", mode["verificationStatus"]!.GetValue<string>());
        Assert.Contains("不动产登记不符", mode["verificationOpinion"]!.GetValue<string>());
        var decision = (await Permit.InstanceAsync(id))["variables"]!["decision"]!;
        Assert.Contains("不动产登记不符", decision["revoked"]!["reason"]!.GetValue<string>());
        // 撤销许可: granted, then revoked; the list and the reports say so, not 准予许可.
        Assert.Equal("revoked", (await Permit.InstanceAsync(id))["outcome"]!.GetValue<string>());
        Assert.Contains("ApprovalRevokedForFalseCommitment", await EventsAsync(id));
        Assert.Contains("ApprovalRevokedForFalseCommitment:verify", await AuditEventsAsync(id));
        // ... and its licence, in the same stimulus: public verification reports it revoked for the false commitment.
        Assert.Contains("LicenceRevoked", await EventsAsync(id));
        var verdict = (await _api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/public/certificates/{certificate}"))!;
        Assert.Equal((false, "licence-revoked", "false-commitment"),
            (verdict["valid"]!.GetValue<bool>(), verdict["code"]?.GetValue<string>(), verdict["reasonCode"]?.GetValue<string>()));
        // The false commitment goes on the credit list: the next application is refused both modes.
        var marks = (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/credit-marks?subjectId={code}"))!["items"]!.AsArray();
        Assert.Equal("commitment-verification", marks.Single()!["source"]!.GetValue<string>());
        var next = await StartCommitmentAsync(code);
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.AcceptanceCreditRefused, (string?)"acceptance.mode"), await OrganisationContract.Problem(
            await AcceptAsync(next, new { mode = "commitment", commitment = new { signedBy = "王五" } })));
        Assert.NotNull(certificate);
    }

    /// <summary>A unified social credit code (GB 32100): the 17 characters given and the check character that makes it valid.</summary>
    public static string ValidCreditCode(string first17) =>
        "0123456789ABCDEFGHJKLMNPQRTUWXY".Select(c => first17 + c).First(IdentityNumbers.IsValidUnifiedSocialCreditCode);
}

public sealed class SqliteAcceptanceModeTests(SqliteHost host) : AcceptanceModeContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresAcceptanceModeTests(PostgresHost host) : AcceptanceModeContract(host), IClassFixture<PostgresHost>;
