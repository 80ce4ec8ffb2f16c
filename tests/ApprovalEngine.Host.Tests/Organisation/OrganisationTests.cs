using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Organisation;

/// <summary>The organisation directory: seeded from configuration, changed by admins through the API (validated, audited), read by names and lists.</summary>
public abstract class OrganisationContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;

    private Task<HttpClient> Admin() => _api.ClientAsync("admin-zhao", "admin");

    /// <summary>Status, problem code and field of a refused call.</summary>
    internal static async Task<(HttpStatusCode Status, string? Code, string? Field)> Problem(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, problem?["code"]?.GetValue<string>(), problem?["field"]?.GetValue<string>());
    }

    private static async Task<(HttpStatusCode, string?)> StatusCode(HttpResponseMessage response)
    {
        var problem = await Problem(response);
        return (problem.Status, problem.Code);
    }

    private static async Task<(HttpStatusCode, string?)> StatusField(HttpResponseMessage response)
    {
        var problem = await Problem(response);
        return (problem.Status, problem.Field);
    }

    [Fact]
    public async Task FirstStart_DirectorySeededFromConfiguration()
    {
        var admin = await Admin();
        var departments = (await admin.GetFromJsonAsync<JsonArray>("/api/directory/departments"))!;
        var bureau = departments.Single(d => d!["code"]!.GetValue<string>() == "bureau")!;
        Assert.Equal("行政审批局", bureau["name"]!.GetValue<string>());
        Assert.Equal("director-huang", bureau["head"]!.GetValue<string>());
        Assert.Equal("黄建国", bureau["headName"]!.GetValue<string>());

        var fire = (await admin.GetFromJsonAsync<JsonArray>("/api/directory/staff?department=fire"))!;
        var chen = fire.Single(s => s!["id"]!.GetValue<string>() == "fire-chen")!;
        Assert.Equal("陈刚", chen["name"]!.GetValue<string>());
        Assert.Equal(["handler"], chen["positions"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.True(chen["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AdminChanges_ValidatedAudited_AndReadByDisplayNames()
    {
        var admin = await Admin();
        var created = await admin.PostAsJsonAsync("/api/directory/departments", new { code = "fire-prevention", name = "防火监督科", nameEn = "Fire Prevention", parent = "fire" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var staff = await admin.PostAsJsonAsync("/api/directory/staff",
            new { id = "fp-xu", name = "徐娟", departments = new[] { "fire-prevention" }, positions = new[] { "handler", "checker" } });
        Assert.Equal(HttpStatusCode.Created, staff.StatusCode);
        (await admin.PutAsJsonAsync("/api/directory/departments/fire-prevention",
            new { name = "防火监督科", nameEn = "Fire Prevention", parent = "fire", head = "fp-xu" })).EnsureSuccessStatusCode();

        var listed = (await (await _api.ClientAsync("fp-xu", "reviewer", "fire-prevention")).GetFromJsonAsync<JsonArray>("/api/directory/departments"))!
            .Single(d => d!["code"]!.GetValue<string>() == "fire-prevention")!;
        Assert.Equal("fire", listed["parent"]!.GetValue<string>());
        Assert.Equal("徐娟", listed["headName"]!.GetValue<string>());
        var me = await (await _api.ClientAsync("fp-xu", "reviewer", "fire-prevention")).GetFromJsonAsync<JsonObject>("/api/me");
        Assert.Equal("徐娟", me!["name"]!.GetValue<string>());
        Assert.Equal("防火监督科", me["departmentName"]!.GetValue<string>());

        // Bad input: a clear 4xx naming the field, and nothing stored.
        var badCode = await admin.PostAsJsonAsync("/api/directory/departments", new { code = "Fire Prevention!", name = "x" });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)"code"), await StatusField(badCode));
        var taken = await admin.PostAsJsonAsync("/api/directory/departments", new { code = "fire", name = "x" });
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.DepartmentExists), await StatusCode(taken));
        var circle = await admin.PutAsJsonAsync("/api/directory/departments/fire", new { name = "消防救援支队", parent = "fire-prevention" });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.DepartmentParentCycle), await StatusCode(circle));
        var position = await admin.PostAsJsonAsync("/api/directory/staff", new { id = "fp-he", name = "何平", departments = new[] { "fire-prevention" }, positions = new[] { "boss" } });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.PositionUnknown, (string?)"positions"), await Problem(position));
        var noName = await admin.PostAsJsonAsync("/api/directory/staff", new { id = "fp-he", departments = new[] { "fire-prevention" } });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)"name"), await StatusField(noName));
        var inUse = await admin.DeleteAsync("/api/directory/departments/fire-prevention");
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.DepartmentInUse), await StatusCode(inUse));
        var reviewer = await _api.ClientAsync("fire-chen", "reviewer", "fire");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync("/api/directory/departments", new { code = "rogue", name = "流氓科" })).StatusCode);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonArray>("/api/directory/staff"))!, s => s!["id"]!.GetValue<string>() == "fp-he");
        Assert.Null((await admin.GetFromJsonAsync<JsonArray>("/api/directory/departments"))!.Single(d => d!["code"]!.GetValue<string>() == "fire")!["parent"]);

        var audit = (await admin.GetFromJsonAsync<JsonObject>("/api/audit?actor=admin-zhao&pageSize=200"))!["items"]!.AsArray();
        var actions = audit.Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("directory.department-created", actions);
        Assert.Contains("directory.staff-created", actions);
        Assert.Contains("directory.department-changed", actions);
        Assert.True((await (await Admin()).GetFromJsonAsync<JsonObject>("/api/audit/verify"))!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StudioDepartmentInput_IsAPickListFromTheDirectory()
    {
        var designer = await _api.ClientAsync("designer-liu", "designer");
        var descriptors = (await designer.GetFromJsonAsync<JsonObject>("/elsa/api/descriptors/activities"))!["items"]!.AsArray();
        var review = descriptors.Single(d => d!["typeName"]!.GetValue<string>() == "Approvals.Review")!;
        var department = review["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "department")!;

        Assert.Equal("dropdown", department["uiHint"]!.GetValue<string>());
        var items = department["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray();
        Assert.Contains(items, i => i!["value"]!.GetValue<string>() == "fire" && i["text"]!.GetValue<string>() == "消防救援支队 (fire)");
    }

    [Fact]
    public async Task Substitutes_PeriodValidated_OverlapRefused_ListedByDay()
    {
        var admin = await Admin();
        var created = await admin.PostAsJsonAsync("/api/directory/substitutes",
            new { staffId = "env-zhou", substituteId = "planning-li", from = "2026-03-02", to = "2026-03-06", reason = "年休假" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var overlap = await admin.PostAsJsonAsync("/api/directory/substitutes", new { staffId = "env-zhou", substituteId = "land-zhang", from = "2026-03-06", to = "2026-03-09" });
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.SubstituteOverlap), await StatusCode(overlap));
        var backwards = await admin.PostAsJsonAsync("/api/directory/substitutes", new { staffId = "env-zhou", substituteId = "land-zhang", from = "2026-04-06", to = "2026-04-01" });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)"to"), await StatusField(backwards));
        var self = await admin.PostAsJsonAsync("/api/directory/substitutes", new { staffId = "env-zhou", substituteId = "env-zhou", from = "2026-04-01", to = "2026-04-02" });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)"substituteId"), await StatusField(self));
        var unknown = await admin.PostAsJsonAsync("/api/directory/substitutes", new { staffId = "env-zhou", substituteId = "nobody", from = "2026-04-01", to = "2026-04-02" });
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.StaffNotFound), await StatusCode(unknown));

        var onDay = (await admin.GetFromJsonAsync<JsonArray>("/api/directory/substitutes?staffId=env-zhou&on=2026-03-04"))!;
        var entry = Assert.Single(onDay)!;
        Assert.Equal("李明", entry["substituteName"]!.GetValue<string>());
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/directory/substitutes?staffId=env-zhou&on=2026-03-07"))!);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/substitutes/{entry["id"]!.GetValue<string>()}")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/directory/substitutes?staffId=env-zhou"))!);
    }
}

public sealed class SqliteOrganisationTests(SqliteHost host) : OrganisationContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresOrganisationTests(PostgresHost host) : OrganisationContract(host), IClassFixture<PostgresHost>;
