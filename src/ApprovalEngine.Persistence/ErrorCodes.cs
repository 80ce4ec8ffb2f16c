namespace ApprovalEngine.Persistence;

/// <summary>
/// Every <c>code</c> a problem details response of this host can carry, in one place so the front end can mirror
/// them (it translates codes to zh-CN/en and falls back to the English <c>detail</c>). Codes are stable: add new
/// ones, never rename. Generic codes by HTTP status are used when nothing more specific applies.
/// </summary>
public static class ErrorCodes
{
    // Generic, by status.
    public const string RequestMalformed = "request.malformed";          // 400: the body or a parameter cannot be read at all
    public const string ValidationField = "validation.field";            // 400: a field is missing or wrong (see the "field" member)
    public const string Unauthorized = "auth.unauthorized";              // 401: no or invalid bearer token
    public const string Forbidden = "auth.forbidden";                    // 403: the role does not allow this action
    public const string DepartmentRequired = "department-required";      // 403: a reviewer token without a department claim
    public const string NotFound = "not-found";                          // 404
    public const string MethodNotAllowed = "method-not-allowed";         // 405
    public const string Conflict = "conflict";                           // 409
    public const string ConcurrentChange = "conflict.concurrent";        // 409: changed by someone else meanwhile; reload and retry
    public const string TooLarge = "request.too-large";                  // 413
    public const string JsonInvalid = "json.invalid";                    // 400: not JSON at all (line and byte in the detail)
    public const string JsonDuplicateKey = "json.duplicate-key";         // 400: a key twice in one object (field = the key)
    public const string JsonTooDeep = "json.too-deep";                   // 400: nested beyond Limits:MaxJsonDepth
    public const string TextInvalidCharacter = "text.invalid-character"; // 400: U+0000, an unpaired surrogate, bytes that are not UTF-8
    public const string MultipartInvalid = "multipart.invalid";          // 400: a form that does not match its boundary or limits
    public const string UnsupportedMediaType = "request.unsupported-media-type"; // 415
    public const string TooManyRequests = "request.too-many";            // 429
    public const string ServerError = "server.error";                    // 500: a bug, logged
    public const string Unavailable = "server.unavailable";              // 503: e.g. the database is down; retry later
    public const string Busy = "server.busy";                            // 503: every turn taken and the line full; nothing changed, retry after Retry-After

    // Query parameters.
    public const string Paging = "validation.paging";                    // page / pageSize out of range
    public const string Date = "validation.date";                        // not a yyyy-MM-dd date
    public const string DateRange = "validation.date-range";             // 'to' before 'from'
    public const string Format = "validation.format";                    // format must be json or csv
    public const string Sort = "validation.sort";                        // unknown sort / view / status value

    // Process definitions.
    public const string DefinitionNotFound = "definition.not-found";
    public const string DefinitionVersionNotFound = "definition.version-not-found";
    public const string DefinitionInvalid = "definition.invalid";        // with "problems": [{activityId, message}]
    public const string DefinitionNotPublished = "definition.not-published";
    public const string DefinitionNotDraft = "definition.not-draft";
    public const string DefinitionHasPublished = "definition.has-published-versions";
    public const string DefinitionPublishForbidden = "definition.publish-forbidden";
    public const string DefinitionWouldEmpty = "definition.would-empty";  // a canvas save that would blank a graph the designer could not draw

    // Applications (workflow instances).
    public const string InstanceNotFound = "instance.not-found";
    public const string InstanceEnded = "instance.ended";
    public const string InstanceBusy = "instance.busy";
    public const string BookmarkNotPending = "bookmark.not-pending";
    public const string BookmarkWrongKind = "bookmark.wrong-kind";
    public const string StartForbidden = "instance.start-forbidden";
    public const string ApplicationAccessDenied = "application.access-denied"; // 403: neither your department nor your window handled it

    // Tasks (the worklist).
    public const string TaskNotFound = "task.not-found";
    public const string TaskForbiddenDepartment = "task.forbidden-department";
    public const string TaskForbiddenIntake = "task.forbidden-intake";
    public const string TaskNoInbox = "task.no-inbox";
    public const string TaskClaimedByOther = "task.claimed-by-other";
    public const string TaskCompleted = "task.completed";
    public const string TaskCancelled = "task.cancelled";
    public const string TaskChanged = "task.changed";
    public const string TaskReleaseForbidden = "task.release-forbidden";
    public const string OutcomeUnknown = "outcome.unknown";
    public const string ReasonsRequired = "reasons.required";            // the outcome needs a written opinion
    public const string MaterialsRequired = "materials.required";        // a correction must list the materials
    public const string OpinionTooLong = "opinion.too-long";
    public const string BulkTooMany = "bulk.too-many";

    // Materials and corrections.
    public const string MaterialForm = "material.form-required";
    public const string MaterialType = "material.type-not-allowed";
    public const string MaterialEmpty = "material.empty";
    public const string MaterialContentMismatch = "material.content-mismatch"; // the bytes are not the declared type (see "field": "file")
    public const string MaterialTooLarge = "material.too-large";
    public const string MaterialNotFound = "material.not-found";
    public const string MaterialsClosed = "material.application-ended";
    public const string CorrectionNonePending = "correction.none-pending";
    public const string CorrectionStillMissing = "correction.still-missing";

    // The statutory clock.
    public const string ClockNotRunning = "clock.not-running";
    public const string ClockPaused = "clock.already-paused";
    public const string ClockNotPaused = "clock.not-paused";
    public const string ClockCompleted = "clock.completed";
    public const string ExtensionTooLong = "clock.extension-exceeded";
    public const string ReasonRequired = "reason.required";

    // Seals and certificates.
    public const string SealsNotConfigured = "seal.not-configured";
    public const string SealNotFound = "seal.not-found";
    public const string SealRevoked = "seal.revoked";
    public const string SealDepartmentTaken = "seal.department-has-active-seal";
    public const string SealNoActive = "seal.no-active-seal";
    public const string CertificateNotFound = "certificate.not-found";
    public const string CertificateNoNumber = "certificate.no-number";

    // Idempotent start (Idempotency-Key on POST /api/instances) and values the database refuses.
    public const string IdempotencyInvalidKey = "idempotency.invalid-key";
    public const string IdempotencyKeyReused = "idempotency.key-reused";
    public const string TextTooLong = "text.too-long";
    public const string ValueInvalid = "value.invalid";

    // Official documents (PDF) and their public verification.
    public const string DocumentNotFound = "document.not-found";
    public const string DocumentForbidden = "document.forbidden-application"; // 403: not an application the caller's department works on
    public const string PdfMissing = "pdf.missing";                      // no 'file' field / empty body
    public const string PdfInvalid = "pdf.invalid";                      // not a (readable) PDF
    public const string PdfNoSealedPayload = "pdf.no-sealed-payload";    // 422: a PDF without the sealed attachment
    public const string PdfTooLarge = "pdf.too-large";                   // 413
    // The licence library and reuse of a licence as a material.
    public const string LicenceNotFound = "licence.not-found";
    public const string LicenceOtherHolder = "licence.other-holder";     // 409: the licence belongs to someone other than the applicant
    // Applicants (the online channel).
    public const string GuideNotFound = "guide.not-found";                 // 404: no published process with a service guide by that id
    public const string ApplicationNotOnline = "application.not-online";    // 400: the process has no online form
    public const string ApplicationDecided = "application.decided";         // 409: withdrawal after the decision
    public const string ProgressNotFound = "progress.not-found";            // 404: unknown file number or wrong query code (the same answer)
    public const string ApplicantSubjectInvalid = "applicant.subject-invalid"; // 400: the identity number fails its check character (field subjectId)
    public const string LicenceInvalid = "licence.invalid";              // 409: its seal does not verify or it is outside its validity now
    public const string LicenceEnded = "licence.ended";                  // 409: already revoked or replaced
    public const string LicenceWrongType = "licence.wrong-type";         // 409: the material names another licence type
    public const string ImplementationCodeInvalid = "code.implementation-invalid"; // 400: a process's GB/T 39554.1 item implementation code fails a part's check
    public const string ProjectCodeInvalid = "code.project-invalid";     // 400: an investment project code (GB/T 40058) fails its format or check character
    public const string DeliveryInvalid = "delivery.invalid";            // 409: the delivery facts contradict what is recorded (see "field")
    // Service evaluation (好差评) and complaints.
    public const string EvaluationExists = "evaluation.exists";              // 409: this application was already rated on this channel
    public const string EvaluationNotEnded = "evaluation.not-ended";         // 409: online ratings open when the application has ended
    public const string EvaluationNotFound = "evaluation.not-found";
    public const string EvaluationReasonRequired = "evaluation.reason-required"; // 400: a dissatisfied rating (level 1 or 2) says why (field comment)
    public const string ComplaintNotFound = "complaint.not-found";           // also for a wrong phone number: answers like an unknown number
    public const string ComplaintNotReplied = "complaint.not-replied";       // 409: a reply can be rated once it exists
    public const string ComplaintRated = "complaint.already-rated";          // 409
    // Double push (supervision).
    public const string PushNotFound = "supervision.push-not-found";
    public const string PushAcknowledged = "supervision.already-acknowledged";
    public const string PushForbidden = "supervision.forbidden-department";

    // Audit anchoring.
    public const string CheckpointSinkUnavailable = "audit.checkpoint-sink-unavailable"; // 503: the checkpoint file cannot be written

    // The organisation directory.
    public const string DepartmentNotFound = "directory.department-not-found";
    public const string DepartmentExists = "directory.department-exists";         // 409: the code is taken
    public const string DepartmentInUse = "directory.department-in-use";          // 409: sub-departments or staff still belong to it
    public const string DepartmentParentCycle = "directory.parent-cycle";         // 400: the parent would make a circle
    public const string StaffNotFound = "directory.staff-not-found";
    public const string StaffExists = "directory.staff-exists";
    public const string StaffInactive = "directory.staff-inactive";               // 409: an inactive member cannot receive work
    public const string PositionUnknown = "directory.position-unknown";
    public const string SubstituteOverlap = "directory.substitute-overlap";       // 409: that member already has a substitute in the period
    public const string SubstituteNotFound = "directory.substitute-not-found";

    // Task operations (转办, 委派, 抄送, 催办, 驳回, 撤回).
    public const string TaskOperationForbidden = "task.operation-forbidden";      // 403: not the owner, the department head or an admin
    public const string TaskOperationNotApplicable = "task.operation-not-applicable"; // 409: e.g. already held by that person, already delegated
    public const string TaskCopyNotFound = "task.copy-not-found";
    public const string TaskUrgeLimit = "task.urge-limit";                        // 409: urged as often as allowed today
    public const string TaskReturnNotAllowed = "task.return-not-allowed";         // 400: the designer did not allow returning to that step
    public const string TaskWithdrawTooLate = "task.withdraw-too-late";           // 409: the next step has acted, or something was sealed
    public const string TaskSignersPending = "task.signers-pending";             // 409: 加签 signers must answer first (before the owner), or the owner already signed
    public const string TaskSignerWaiting = "task.signer-waiting";               // 409: a signer added after the owner answers once the owner has signed
    public const string TaskPositionRequired = "task.position-required";         // 403: a level of a chain by position (承办/审核/批准) the caller does not hold

    // Acceptance modes at the window (容缺受理, 告知承诺制) and the bad-credit list.
    public const string AcceptanceModeNotAllowed = "acceptance.mode-not-allowed";           // 400: the process does not allow this mode
    public const string AcceptanceMaterialNotListed = "acceptance.material-not-listed";     // 400: not a deferrable material / a proof the commitment may replace
    public const string AcceptanceCommitmentRequired = "acceptance.commitment-required";    // 400: the applicant's signed commitment is missing
    public const string AcceptanceCreditRefused = "acceptance.credit-refused";              // 409: the applicant has a bad credit mark
    public const string AcceptanceNoDeferredMaterials = "acceptance.no-deferred-materials"; // 409: not accepted with deferred materials
    public const string AcceptanceAlreadySupplied = "acceptance.already-supplied";          // 409
    public const string AcceptanceMaterialsMissing = "acceptance.materials-missing";        // 400: a deferred material has not been uploaded yet
    public const string CreditMarkNotFound = "credit.mark-not-found";

    // Holiday data for a new year (POST /api/calendar/years/{year}); the 400 lists every problem in 'problems'.
    public const string HolidayDataInvalid = "calendar.holiday-data-invalid";
    public const string HolidayVersionNotFound = "calendar.version-not-found";
    public const string HolidayVersionInForce = "calendar.version-in-force";   // 409: that version is already applied

    // Timers (internal: a timer fired twice).
    public const string TimerFired = "timer.already-fired";

    /// <summary>The generic code for a status, for problem responses nothing more specific was given for.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => RequestMalformed, 401 => Unauthorized, 403 => Forbidden, 404 => NotFound, 405 => MethodNotAllowed, 409 => Conflict,
        413 => TooLarge, 415 => UnsupportedMediaType, 429 => TooManyRequests, 503 => Unavailable, >= 500 => ServerError,
        _ => RequestMalformed,
    };

    /// <summary>Every code, for the front end's mirror and for tests.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(ErrorCodes).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
}
