using System.Globalization;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Host.Documents;

/// <summary>The wording of each document, from its sealed content only (what is printed is what is sealed).</summary>
public static class DocumentLayouts
{

    public static PrintableDocument Certificate(ElectronicCertificate c, string title, string sealName, byte[] payload)
    {
        List<DocumentLine> lines =
        [
            new("持证人", c.Holder),
            new("许可事项", c.Matter),
            new("许可范围", string.IsNullOrWhiteSpace(c.Scope) ? "—" : c.Scope),
            new("有效期限", $"{Date(c.ValidFrom)}至{Date(c.ValidUntil)}"),
            new("发证机关", c.IssuingAuthority),
            new("发证日期", Date(Local(c.IssuedAt))),
        ];
        if (c.ImplementationCode is { } item) lines.Add(new("事项实施编码", item));
        if (c.ProjectCode is { } project) lines.Add(new("投资项目代码", project));
        // A replacement says which licence it replaces (that one is no longer in force).
        if (c.Replaces is { } replaced) lines.Add(new("换发说明", $"本证照换发原证照（编号：{replaced}），原证照同时废止"));
        return new(title, c.Number, null, lines, c.IssuingAuthority, Local(c.IssuedAt), sealName, c.VerificationUrl, payload, IsCertificate: true);
    }

    public static PrintableDocument Letter(JsonObject content, string sealName, byte[] payload)
    {
        string? Text(string name) => content[name] is JsonValue v ? v.ToString() : null;
        var matter = Text("matter") ?? "";
        var fileNumber = Text("fileNumber") ?? Text("instanceId") ?? "";
        var submitted = DateFrom(Text("submittedAt"));
        var lines = new List<DocumentLine>();
        var lead = $"你（单位）于{submitted}提出的“{matter}”申请（受理编号：{fileNumber}）";
        // Every letter carries the national codes it was sealed with (not printed when the process or project has none).
        void Codes()
        {
            if (Text("implementationCode") is { } item) lines.Add(new("事项实施编码", item));
            if (Text("projectCode") is { } project) lines.Add(new("投资项目代码", project));
        }
        switch (Text("documentType"))
        {
            case DocumentService.AcceptanceNotice:
                lines.Add(new(null, $"{lead}，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定予以受理。"));
                lines.Add(new("受理编号", fileNumber));
                lines.Add(new("申请事项", matter));
                Codes();
                lines.Add(new("受理日期", DateFrom(Text("acceptedAt"))));
                lines.Add(new("已收材料", List(content["materials"]) is { Count: > 0 } materials ? string.Join("；", materials) : "未上传电子材料（以窗口收取的纸质材料为准）"));
                if (Text("statutoryLimitWorkingDays") is { } limit)
                    lines.Add(new("法定办理时限", $"{limit}个工作日（自受理之日起计算，法定节假日不计入）"));
                if (Text("dueDate") is { } due)
                {
                    var dueDate = DateOnly.ParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    lines.Add(new("预计办结日期", Date(dueDate) + (content["dueDateProvisional"] is JsonValue provisional && provisional.GetValueKind() == System.Text.Json.JsonValueKind.True
                        ? $"（{dueDate.Year}年法定节假日安排尚未公布，遇节假日依法顺延）" : "")));
                }
                lines.Add(new("进度查询码", Text("queryCode") ?? "—"));
                lines.Add(new(null, "请妥善保管本通知书，凭进度查询码查询办理进度。"));
                break;
            case DocumentService.CorrectionNotice:
                lines.Add(new(null, $"{lead}，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知你（单位）需要补正的全部内容："));
                var items = List(content["items"]);
                for (var i = 0; i < items.Count; i++) lines.Add(new(null, $"{i + 1}. {items[i]}"));
                if (Text("opinion") is { Length: > 0 } opinion) lines.Add(new("审查意见", opinion));
                lines.Add(new("告知日期", DateFrom(Text("requestedAt"))));
                lines.Add(new(null, "请按上述要求一次性补正全部材料。补正期间不计入法定办理时限，自收到全部补正材料之日起继续计算。"));
                break;
            case DocumentService.NonAcceptanceNotice:
                lines.Add(new(null, $"{lead}，经审查，本机关决定不予受理。"));
                lines.Add(new("不予受理理由", Text("reason") ?? "—"));
                if (Text("competentAgency") is { Length: > 0 } agency)
                    lines.Add(new(null, $"该申请事项依法不属于本机关职权范围，请向{agency}申请。"));
                if (Text("appealRights") is { Length: > 0 } rights) lines.Add(new(null, rights));
                break;
            case DocumentService.DecisionLetter when Text("outcome") == "Denied":
                Codes();
                lines.Add(new(null, $"{lead}，经审查，不符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第二款的规定，本机关决定不予行政许可。理由如下："));
                var reasons = List(content["reasons"]);
                for (var i = 0; i < reasons.Count; i++) lines.Add(new(null, $"{i + 1}. {reasons[i]}"));
                if (Text("appealRights") is { Length: > 0 } appeal) lines.Add(new(null, appeal));
                break;
            case DocumentService.DecisionLetter:
                lines.Add(new(null, $"{lead}，经审查，符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。"));
                Codes();
                if (Text("opinion") is { Length: > 0 } note) lines.Add(new("审批意见", note));
                lines.Add(new(null, "本机关将依法向你（单位）颁发行政许可证件。"));
                break;
        }
        return new PrintableDocument(Text("title") ?? "", Text("number") ?? "", Text("applicant"), lines,
            Text("issuingAuthority") ?? sealName, LocalDate(Text("issuedAt")) ?? default,
            sealName, Text("verificationUrl") ?? "", payload);
    }

    private static List<string> List(JsonNode? node) => node is JsonArray a ? a.Select(n => n?.ToString() ?? "").ToList() : [];

    private static DateOnly Local(DateTimeOffset t) => t.ChinaDate();

    private static string Date(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static DateOnly? LocalDate(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? Local(t) : null;

    private static string DateFrom(string? time) => LocalDate(time) is { } d ? Date(d) : "—";
}
