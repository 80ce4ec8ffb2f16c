using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Host.Tests.Platform;

namespace ApprovalEngine.Host.Tests.Applicants;

/// <summary>The applicant identity: checked identity numbers, the applicant policy, and staff policies that refuse applicants.</summary>
public abstract class ApplicantIdentityContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;

    [Theory]
    [InlineData("320502198503170021", "person", "subjectId", "applicant.subject-invalid")]     // wrong check digit
    [InlineData("91320594MA1M111105", "organisation", "subjectId", "applicant.subject-invalid")] // wrong check character
    [InlineData("32050219850317002X", "organisation", "subjectId", "applicant.subject-invalid")] // a resident ID is no credit code
    [InlineData("32050219850317002X", "citizen", "subjectKind", "validation.field")]
    public async Task DevApplicantToken_BadSubject_Is400NamingTheField(string subjectId, string kind, string field, string code)
    {
        var response = await _api.CreateClient().PostAsJsonAsync("/api/dev/applicant-token", new { subjectId, subjectKind = kind, subjectName = "张三" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplicantToken_ReadsItsSubject_AndStaffEndpointsRefuseIt()
    {
        var person = await Applicants.Person(_api);
        var me = (await person.GetFromJsonAsync<JsonObject>("/api/applicant/me"))!;
        Assert.Equal(Applicants.PersonId, me["subjectId"]!.GetValue<string>());
        Assert.Equal("person", me["subjectKind"]!.GetValue<string>());
        Assert.Equal("张三", me["subjectName"]!.GetValue<string>());

        foreach (var url in new[] { "/api/instances", "/api/tasks", "/api/licences?holder=x", "/api/audit", "/api/definitions" })
            Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing" })).StatusCode);

        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/applicant/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.CreateClient().GetAsync("/api/applicant/me")).StatusCode);
        // The dev staff sign-in cannot mint the applicant role either.
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.CreateClient().PostAsJsonAsync("/api/dev/token", new { user = "x", roles = new[] { "applicant" } })).StatusCode);
    }

    [Fact]
    public void PlatformToken_IsMappedByConfiguredClaimNames_AndRefusedWithoutAValidSubject()
    {
        var options = new ApplicantIdentityOptions { SubjectIdClaim = "idNo", SubjectNameClaim = "realName", SubjectKindClaim = "userType" };
        ClaimsPrincipal Platform(params (string Type, string Value)[] claims) => new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "platform"));

        var mapped = ApplicantIdentity.Map(Platform(("sub", "u-1"), ("idNo", "91320594ma1m111104"), ("realName", "苏州工业园区建设有限公司"), ("userType", "2")), options)!;
        var subject = ApplicantIdentity.TryGetSubject(mapped)!;
        Assert.Equal(("91320594MA1M111104", "organisation"), (subject.Id, subject.Kind));
        Assert.True(mapped.IsInRole("applicant"));
        Assert.Equal("applicant:u-1", ApplicantIdentity.ToApplicantActor(mapped).Name);

        // Without a kind claim the number's check character decides.
        Assert.Equal("person", ApplicantIdentity.TryGetSubject(ApplicantIdentity.Map(Platform(("sub", "u-2"), ("idNo", "32050219850317002X"), ("realName", "张三")), options)!)!.Kind);
        Assert.Null(ApplicantIdentity.Map(Platform(("sub", "u-3"), ("idNo", "320502198503170021"), ("realName", "张三")), options));
        Assert.Null(ApplicantIdentity.Map(Platform(("idNo", "32050219850317002X"), ("realName", "张三")), options));
        // A staff role smuggled into a platform token is dropped: the mapped principal carries only the applicant role.
        var smuggled = ApplicantIdentity.Map(Platform(("sub", "u-4"), ("role", "admin"), ("idNo", "32050219850317002X"), ("realName", "张三")), options)!;
        Assert.False(smuggled.IsInRole("admin"));
    }
}

public sealed class SqliteApplicantIdentityTests(SqliteHost host) : ApplicantIdentityContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresApplicantIdentityTests(PostgresHost host) : ApplicantIdentityContract(host), IClassFixture<PostgresHost>;
