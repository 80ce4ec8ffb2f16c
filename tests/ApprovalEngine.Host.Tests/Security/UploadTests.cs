using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>One host per provider with one application at the window; each test uploads to its own application.</summary>
public abstract class UploadFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public ApiFactory Api { get; private set; } = null!;
    public PermitClient Permit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await ApiFactory.CreateAsync(provider);
        Permit = new PermitClient(Api);
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

public sealed class SqliteUploadFixture() : UploadFixture(DatabaseProvider.Sqlite);
public sealed class PostgresUploadFixture() : UploadFixture(DatabaseProvider.Postgres);

/// <summary>Uploads are checked by their bytes, and downloads are always attachments with their real (Chinese) names.</summary>
public abstract class UploadContract(UploadFixture fixture)
{
    public static TheoryData<string, string, string> Mismatches => new()
    {
        { "application/pdf", "plan.pdf", "<html><body><script>alert(1)</script></body></html>" },
        { "application/pdf", "plan.pdf", " %PDF-1.7 with a leading space" },
        { "image/png", "photo.png", "\u00FF\u00D8\u00FF a JPEG header" },
        { "image/jpeg", "photo.jpg", "GIF89a" },
        { "application/xml", "form.xml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><script>alert(1)</script></body></html>" },
        { "application/xml", "form.xml", "<form><x:div xmlns:x=\"http://www.w3.org/1999/xhtml\">x</x:div></form>" },
        { "text/xml", "form.xml", "<form><script>alert(1)</script></form>" },
        { "text/xml", "form.xml", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><form>&lol2;</form>" },
        { "text/xml", "form.xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\"/></svg>" },
        { "text/xml", "form.xml", "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><form/>" },
        { "application/xml", "form.xml", "<form><unclosed></form>" },
        { "application/ofd", "licence.ofd", "PK\u0003\u0004 not a zip" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task ContentNotMatchingTheDeclaredType_Is400NamingTheFieldAndStoresNothing(string contentType, string fileName, string content)
    {
        var (clerk, id) = await ApplicationAsync();

        var response = await UploadAsync(clerk, id, Encoding.Latin1.GetBytes(content), contentType, fileName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("material.content-mismatch", problem["code"]!.GetValue<string>());
        Assert.Equal("file", problem["field"]!.GetValue<string>());
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!);
    }

    [Fact]
    public async Task ZipWithoutOfdXml_IsNotAnOfdDocument()
    {
        var (clerk, id) = await ApplicationAsync();

        var response = await UploadAsync(clerk, id, Zip("Doc_0/Document.xml"), "application/ofd", "licence.ofd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("material.content-mismatch", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task EachAllowedTypeWithItsRealContent_IsAccepted()
    {
        var (clerk, id) = await ApplicationAsync();
        (string Type, string Name, byte[] Content)[] files =
        [
            ("application/pdf", "plan.pdf", "%PDF-1.7\n%\u00e2\u00e3\n"u8.ToArray()),
            ("image/jpeg", "photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8]),
            ("image/png", "photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]),
            ("application/ofd", "licence.ofd", Zip("OFD.xml")),
            ("application/xml", "form.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?><申请表><申请人>苏州工业园区</申请人></申请表>"u8.ToArray()),
        ];

        foreach (var (type, name, content) in files)
        {
            var response = await UploadAsync(clerk, id, content, type, name);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{type}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Download_IsAnAttachmentWithTheChineseNameAndNosniff()
    {
        var (clerk, id) = await ApplicationAsync();
        var content = "%PDF-1.7\n% 施工图\n"u8.ToArray();
        var created = await UploadAsync(clerk, id, content, "application/pdf", "施工图纸 第1册.pdf");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var response = await clerk.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("施工图纸 第1册.pdf", disposition.FileNameStar);
        Assert.Contains("attachment; filename=\"1.pdf\"; filename*=UTF-8''%E6%96%BD%E5%B7%A5%E5%9B%BE%E7%BA%B8%20%E7%AC%AC1%E5%86%8C.pdf", string.Join(";", response.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/api/instances")]
    [InlineData("/api/calendar/add-working-days?from=2026-03-02&days=3")]
    [InlineData("/api/instances/no-such-instance")]
    public async Task EveryResponse_SaysNosniff(string url)
    {
        var response = await (await fixture.Permit.Admin()).GetAsync(url);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    private async Task<(HttpClient Clerk, string Id)> ApplicationAsync() =>
        (await fixture.Permit.Clerk(), await fixture.Permit.StartAsync($"JS-UPLOAD-{Guid.NewGuid():N}"));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string id, byte[] content, string contentType, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { new StringContent("site plan"), "name" } };
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/instances/{id}/materials", form);
    }

    private static byte[] Zip(string entry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(entry).Open()))
            writer.Write("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\"/>");
        return buffer.ToArray();
    }
}

public sealed class SqliteUploadTests(SqliteUploadFixture fixture) : UploadContract(fixture), IClassFixture<SqliteUploadFixture>;
public sealed class PostgresUploadTests(PostgresUploadFixture fixture) : UploadContract(fixture), IClassFixture<PostgresUploadFixture>;
