using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Evaluations;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Notifications;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.Complaints;

public sealed record ComplaintRequest(string? Kind, string? Content, string? Phone, string? Name, string? Email, string? InstanceId);

/// <summary>Complaints and suggestions: filed by anyone with a phone number, answered by the responsible department.</summary>
public sealed class ComplaintService(ApprovalDbContext db, WorkflowRuntime runtime, CareOptions options, TimeProvider time)
{

    /// <param name="subjectId">The signed-in applicant filing it (null for anyone else); only their own applications can be named.</param>
    public async Task<ComplaintRecord> FileAsync(ComplaintRequest request, string? subjectId, Actor actor, CancellationToken ct)
    {
        var kind = request.Kind?.Trim() ?? ComplaintKinds.Complaint;
        if (!ComplaintKinds.All.Contains(kind)) throw new BadRequestException("'kind' must be complaint or suggestion.", ErrorCodes.ValidationField, "kind");
        var content = CareText.Required(request.Content, "content", 4000);
        var phone = ContactRules.NormalizePhone(CareText.Required(request.Phone, "phone", 32));
        if (!ContactRules.IsPhone(phone)) throw new BadRequestException("'phone' is not a phone number (11-digit mobile or landline with area code).", ErrorCodes.ValidationField, "phone");
        var name = CareText.Optional(request.Name, "name", 128);
        var email = CareText.Optional(request.Email, "email", 128);
        if (email is not null && !ContactRules.IsEmail(email)) throw new BadRequestException("'email' is not an e-mail address.", ErrorCodes.ValidationField, "email");

        string department = options.ComplaintDefaultDepartment;
        string? fileNumber = null;
        if (CareText.Optional(request.InstanceId, "instanceId", 64) is { } instanceId)
        {
            // Only the applicant, signed in, names their application: from anyone else the answer (a department and a reply
            // case) told whether any file number existed and who handled it. The same refusal for every id, known or not.
            if (subjectId is null)
                throw new BadRequestException("Only the applicant, signed in, may name their application ('instanceId'); write its file number in the content instead.",
                    ErrorCodes.ValidationField, "instanceId");
            var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId || i.CorrelationId == instanceId, ct);
            // Someone else's application answers like an unknown one (need-to-know).
            if (instance is null || instance.OwnerSubjectId != subjectId)
                throw new BadRequestException($"Application '{instanceId}' does not exist.", ErrorCodes.ValidationField, "instanceId");
            request = request with { InstanceId = instance.Id };
            fileNumber = instance.CorrelationId ?? instance.Id;
            // The department now (or last) handling it answers for it.
            department = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instance.Id)
                .OrderByDescending(t => t.CompletedAt == null).ThenByDescending(t => t.CreatedAt).Select(t => t.Department).FirstOrDefaultAsync(ct) ?? department;
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7().ToString("N");
        var complaint = new ComplaintRecord
        {
            Id = id, Number = $"TS{now.InChina():yyyyMMdd}{id[^8..].ToUpperInvariant()}", Kind = kind, InstanceId = request.InstanceId,
            Department = department, Content = content, Name = name, Phone = phone, SubjectId = subjectId, FiledBy = actor.Name, CreatedAt = now,
        };
        // One stimulus: the complaint is saved by the transaction that starts its reply case (same DbContext); FollowUpObserver links them.
        db.Add(complaint);
        var input = new JsonObject
        {
            ["department"] = department, ["deadlineWorkingDays"] = options.ComplaintReplyWorkingDays, ["complaintNumber"] = complaint.Number,
            ["kind"] = kind, ["content"] = content, ["fileNumber"] = fileNumber, ["name"] = name, ["contactPhone"] = phone, ["contactEmail"] = email,
        };
        await runtime.StartAsync(CareWorkflows.ComplaintReply, complaint.Number, input, actor, ct);
        return complaint;
    }

    /// <summary>The complaint by its number, for whoever proves it is theirs (its phone number, or the applicant who filed it).</summary>
    public async Task<ComplaintRecord> FindAsync(string number, string? phone, string? subjectId, CancellationToken ct)
    {
        var complaint = await db.Set<ComplaintRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Number == number, ct);
        if (complaint is null || !((phone is not null && ContactRules.NormalizePhone(phone) == complaint.Phone) || (subjectId is not null && subjectId == complaint.SubjectId)))
            throw new NotFoundException($"Complaint '{number}' does not exist.", ErrorCodes.ComplaintNotFound);
        return complaint;
    }

    public async Task<ComplaintRecord> RateAsync(string number, string? phone, string? subjectId, int? rating, string? comment, Actor actor, CancellationToken ct)
    {
        if (rating is not (>= 1 and <= 5)) throw new BadRequestException("'rating' must be 1 (very dissatisfied) to 5 (very satisfied).", ErrorCodes.ValidationField, "rating");
        var text = CareText.Optional(comment, "comment", 1000);
        var complaint = await FindAsync(number, phone, subjectId, ct);
        if (complaint.RepliedAt is null) throw new ConflictException("The complaint has not been answered yet.", ErrorCodes.ComplaintNotReplied);
        if (complaint.RatedAt is not null) throw new ConflictException("The reply has already been rated.", ErrorCodes.ComplaintRated);
        await runtime.RecordAsync(complaint.ReplyInstanceId!, actor, async tracked =>
        {
            var current = await tracked.Set<ComplaintRecord>().SingleAsync(c => c.Id == complaint.Id, ct);
            if (current.RatedAt is not null) throw new ConflictException("The reply has already been rated.", ErrorCodes.ComplaintRated);
            current.Rating = rating;
            current.RatingComment = text;
            current.RatedAt = time.GetUtcNow();
            return new JournalEntry(current.RatedAt.Value, null, null, "ComplaintReplyRated", Outcome: rating.ToString(), Message: text, Actor: actor.Name);
        }, ct);
        return await FindAsync(number, phone, subjectId, ct);
    }
}
