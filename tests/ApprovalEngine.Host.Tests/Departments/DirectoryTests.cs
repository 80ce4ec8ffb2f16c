using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Platform;

namespace ApprovalEngine.Host.Tests.Departments;

/// <summary>/api/me and the department directory: names from configuration, for every department the shipped processes use.</summary>
public abstract class DirectoryContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;

    [Fact]
    public async Task Me_Reviewer_ChineseNameAndDepartmentName()
    {
        var me = await (await _api.ClientAsync("fire-chen", "reviewer", "fire")).GetFromJsonAsync<JsonObject>("/api/me");

        Assert.Equal("fire-chen", me!["user"]!.GetValue<string>());
        Assert.Equal("陈刚", me["name"]!.GetValue<string>());
        Assert.Equal(["reviewer"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("fire", me["department"]!.GetValue<string>());
        Assert.Equal("消防救援支队", me["departmentName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.CreateClient().GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Departments_EveryDepartmentOfTheShippedProcessesHasAChineseName()
    {
        var departments = await (await _api.ClientAsync("someone", "auditor")).GetFromJsonAsync<JsonArray>("/api/directory/departments");
        var names = departments!.ToDictionary(d => d!["code"]!.GetValue<string>(), d => d!["name"]!.GetValue<string>());

        var used = System.Text.RegularExpressions.Regex.Matches(
                string.Join("\n", System.IO.Directory.GetFiles(ApiFactory.RepositoryPath("workflows"), "*.json").Select(File.ReadAllText)),
                "\"department\": \\{[^}]*\"value\": \"([a-z-]+)\"")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("fire", used);
        Assert.All(used, code => Assert.True(names.TryGetValue(code, out var name) && name.Any(c => c >= 0x4E00 && c <= 0x9FFF), code));
        Assert.Equal("规划局", names["planning"]);
        Assert.Equal("Fire and Rescue Detachment", departments!.Single(d => d!["code"]!.GetValue<string>() == "fire")!["nameEn"]!.GetValue<string>());
    }
}

public sealed class SqliteDirectoryTests(SqliteHost host) : DirectoryContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresDirectoryTests(PostgresHost host) : DirectoryContract(host), IClassFixture<PostgresHost>;
