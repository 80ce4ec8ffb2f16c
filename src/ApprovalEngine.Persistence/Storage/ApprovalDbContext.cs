using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// The one model for both providers. Each provider has its own subclass so that each keeps its own migrations
/// (SQLite and PostgreSQL DDL differ), applied at start-up.
/// </summary>
public abstract class ApprovalDbContext : DbContext
{
    protected ApprovalDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<DefinitionVersionRecord> DefinitionVersions => Set<DefinitionVersionRecord>();
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();
    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();
    public DbSet<TimerRecord> Timers => Set<TimerRecord>();
    public DbSet<JournalRecord> Journal => Set<JournalRecord>();
    public DbSet<Tasks.TaskRecord> Tasks => Set<Tasks.TaskRecord>();
    public DbSet<Tasks.CorrectionNoticeRecord> CorrectionNotices => Set<Tasks.CorrectionNoticeRecord>();
    public DbSet<Tasks.MaterialRecord> Materials => Set<Tasks.MaterialRecord>();
    public DbSet<Deadlines.DeadlineRecord> Deadlines => Set<Deadlines.DeadlineRecord>();
    public DbSet<Outbox.OutboxRecord> Outbox => Set<Outbox.OutboxRecord>();
    public DbSet<global::ApprovalEngine.Persistence.Instances.IdempotencyKeyRecord> IdempotencyKeys => Set<global::ApprovalEngine.Persistence.Instances.IdempotencyKeyRecord>();
    public DbSet<Live.LiveEventRecord> LiveEvents => Set<Live.LiveEventRecord>();
    public DbSet<Calendar.HolidayYearRecord> HolidayYears => Set<Calendar.HolidayYearRecord>();

    /// <summary>
    /// The instance whose stimulus working set (open tasks, running deadlines and their timers, audit head) the current
    /// stimulus has tracked (Instances.StimulusWorkingSet), or null. The stimulus clears it when it ends: a pooled context
    /// keeps its fields.
    /// </summary>
    internal string? WorkingSetTracked { get; set; }

    /// <summary>
    /// True while a SQLite stimulus reads and runs before it takes the database's write lock (WorkflowRuntime, first
    /// attempt): a statement that writes, or a transaction begun, meanwhile is refused (<see cref="ReadsBeforeTheWriteLock"/>)
    /// and the stimulus runs again under the lock.
    /// </summary>
    internal bool ReadingBeforeWriteLock { get; set; }

    /// <summary>Set when <see cref="ReadsBeforeTheWriteLock"/> refused a write, even if the code that tried caught the refusal.</summary>
    internal bool WriteRefusedBeforeLock { get; set; }

    /// <summary>True when the instance's working set is tracked: its open tasks, running deadlines and every deadline timer (removing one is a tracked delete, not a statement).</summary>
    internal bool IsWorkingSetTracked(string instanceId) => WorkingSetTracked == instanceId;

    // Every change of a task or new notification also writes its change-feed row (GET /api/events), in the same transaction.
    // Change detection runs once per save, in Capture: Entries<T>() and SaveChanges would each run it again over
    // every tracked row, and nothing changes in between.
    // Nothing here saves synchronously; the journal's write below is asynchronous only.
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("ApprovalDbContext saves asynchronously only: call SaveChangesAsync.");

    // On SQLite the journal's new lines go in one statement of their own (Instances.InstanceJournal), in the save's transaction;
    // and a save outside a transaction begins its own in the host's line for the write lock (Instances.WriterLine), as EF's
    // own transaction would not.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        WithoutSavepoints();
        using var _ = WithoutAutoDetect();
        var journal = global::ApprovalEngine.Persistence.Instances.InstanceJournal.TakeAdded(this);
        if (journal.Count == 0 && (Database.CurrentTransaction is not null || !Database.IsSqlite() || !ChangeTracker.HasChanges()))
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var own = Database.CurrentTransaction is null
            ? await global::ApprovalEngine.Persistence.Instances.InstanceLocks.BeginWriteAsync(this, cancellationToken)
            : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // After EF's rows: a new application's row exists before its first lines.
        if (journal.Count > 0) await global::ApprovalEngine.Persistence.Instances.InstanceJournal.InsertAsync(this, journal, cancellationToken);
        if (own is not null) await own.CommitAsync(cancellationToken);
        return saved + journal.Count;
    }

    /// <summary>
    /// EF wraps every SaveChanges inside an explicit transaction in SAVEPOINT ... RELEASE: two more round trips per stimulus
    /// that EF's command events do not show. Our transactions are all or nothing (a failed save rolls the whole transaction
    /// back, never continues in it), so the savepoint buys nothing. Set at every save, not once in the constructor: a pooled
    /// context is reset to EF's defaults (savepoints on) each time it goes back to the pool.
    /// </summary>
    private void WithoutSavepoints() => Database.AutoSavepointsEnabled = false;

    /// <summary>Detects changes once (capturing the change feed), then turns automatic detection off until disposed.</summary>
    private AutoDetectScope WithoutAutoDetect()
    {
        var scope = DetectChangesOnlyOnSave();
        try { Live.LiveEventCapture.Capture(this); }
        catch
        {
            scope.Dispose();
            throw;
        }
        return scope;
    }

    /// <summary>
    /// Turns automatic change detection off until disposed (then restores it). For a stimulus: every <c>Local</c> read of its
    /// handlers (the deadline and task bookkeeping read the tracked deadlines and tasks) would otherwise run change detection
    /// over every tracked row, and nothing a stimulus does needs it before the save, which detects once (<see cref="SaveChangesAsync(bool, CancellationToken)"/>).
    /// </summary>
    internal AutoDetectScope DetectChangesOnlyOnSave()
    {
        var restore = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        return new AutoDetectScope(ChangeTracker, restore);
    }

    internal readonly struct AutoDetectScope(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker, bool restore) : IDisposable
    {
        public void Dispose()
        {
            if (restore) tracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>The tracked rows of <typeparamref name="T"/> as they are now, without a change-detection pass over every tracked row.</summary>
    public IEnumerable<T> TrackedWithoutDetection<T>() where T : class
    {
        using var _ = DetectChangesOnlyOnSave();
        return Set<T>().Local.ToList();
    }

    /// <summary>The tracked entries of a type in every state (Deleted ones too, unlike Local), without a change-detection pass.</summary>
    internal List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T>> EntriesWithoutDetection<T>() where T : class
    {
        using var _ = DetectChangesOnlyOnSave();
        return ChangeTracker.Entries<T>().ToList();
    }

    /// <summary>True when FOR UPDATE SKIP LOCKED is available to claim rows across replicas.</summary>
    public abstract bool SupportsSkipLocked { get; }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<DefinitionVersionRecord>(e =>
        {
            e.ToTable("definition_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.IsPublished);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            e.HasIndex(x => new { x.IsLatest, x.Name });
        });
        b.Entity<InstanceRecord>(e =>
        {
            e.ToTable("instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.DefinitionVersionId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.CorrelationId).HasMaxLength(128);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            // The list page filters by status and/or definition and shows newest first.
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.DefinitionId, x.Status, x.CreatedAt });
            // The whole list newest first (id breaks ties, as the page's order does): an admin's page reads 20 entries
            // instead of sorting every application, and a clerk's or a large department's list walks it, asking each
            // application whether they may read it, until the page is full (ApplicationAccess.VisibleInListAsync).
            e.HasIndex(x => new { x.CreatedAt, x.Id });
            e.HasIndex(x => x.CorrelationId);
            e.Property(x => x.Applicant).HasMaxLength(256);
            e.Property(x => x.ProjectName).HasMaxLength(256);
            e.Property(x => x.ProjectCode).HasMaxLength(24);
            e.Property(x => x.OwnerSubjectId).HasMaxLength(18);
            e.Property(x => x.OwnerSubjectKind).HasMaxLength(16);
            e.Property(x => x.OwnerSubjectName).HasMaxLength(256);
            e.Property(x => x.QueryCodeHash).HasMaxLength(64);
            // "My applications": an applicant's own, newest first.
            e.HasIndex(x => new { x.OwnerSubjectId, x.CreatedAt });
            // The archiver's candidates: finished long ago and not archived yet.
            e.HasIndex(x => new { x.Status, x.FinishedAt });
            // 办件查询 by outcome (准予许可, 不予受理 …), newest first; null while unsettled, which nobody filters by.
            e.Property(x => x.Outcome).HasMaxLength(16);
            e.HasIndex(x => new { x.Outcome, x.CreatedAt }).HasFilter("outcome IS NOT NULL");
        });
        b.Entity<global::ApprovalEngine.Persistence.Instances.IdempotencyKeyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            // Keys are the caller's: two clerks may happen to pick the same one.
            e.HasKey(x => new { x.Caller, x.Key });
            e.Property(x => x.Caller).HasMaxLength(256);
            e.Property(x => x.Key).HasMaxLength(global::ApprovalEngine.Persistence.Instances.IdempotencyKeyRecord.MaxKeyLength);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.ResponseStatus).HasConversion<string>().HasMaxLength(16);
        });
        b.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("bookmarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.Property(x => x.ActivityType).HasMaxLength(128);
            e.Property(x => x.Name).HasMaxLength(256);
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.Name);
        });
        b.Entity<TimerRecord>(e =>
        {
            e.ToTable("timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.BookmarkId).HasMaxLength(64);
            e.Property(x => x.LockedBy).HasMaxLength(128);
            e.HasIndex(x => x.DueAt);
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<JournalRecord>(e =>
        {
            e.ToTable("journal");
            e.HasKey(x => x.Id);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.Property(x => x.ActivityType).HasMaxLength(128);
            e.Property(x => x.EventName).HasMaxLength(64);
            e.Property(x => x.Outcome).HasMaxLength(256);
            e.Property(x => x.Actor).HasMaxLength(128);
            e.Property(x => x.Department).HasMaxLength(64);
            e.HasIndex(x => new { x.InstanceId, x.Sequence }).IsUnique();
        });
        b.Entity<Tasks.TaskRecord>(e =>
        {
            e.ToTable("tasks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.BookmarkId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(512);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.CorrelationId).HasMaxLength(128);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ClaimedBy).HasMaxLength(128);
            e.Property(x => x.CompletedBy).HasMaxLength(128);
            e.Property(x => x.Outcome).HasMaxLength(32);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Property(x => x.DueDate);
            // The inbox: one department's tasks in one status, oldest first (and the admin's all-departments view). The index
            // carries the whole worklist order, id included, so a page is read in order (no sort of the inbox) and a keyset
            // page (after=) starts with an index seek.
            e.HasIndex(x => new { x.Department, x.Status, x.CreatedAt, x.Id });
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => x.InstanceId);
            // The worklist's default order (due date, created, id) per department, "mine" (claimed by me) and "done" (completed by me).
            e.HasIndex(x => new { x.Department, x.Status, x.DueDate, x.CreatedAt, x.Id });
            // The department view (部门待办: open and claimed together) in due order: two statuses in one ordered range,
            // where the index above would need a sort of the whole inbox for every page.
            e.HasIndex(x => new { x.Department, x.DueDate, x.CreatedAt, x.Id }, "IX_tasks_department_view_due")
                .HasFilter("status IN ('Open', 'Claimed')");
            // The tasks handed to a person, and those they completed; the application last, so that the applications list's
            // side (ApplicationAccess.VisibleInListAsync) reads these indexes alone, as it reads the department's below.
            e.HasIndex(x => new { x.ClaimedBy, x.Status, x.DueDate, x.InstanceId });
            e.HasIndex(x => new { x.CompletedBy, x.CompletedAt, x.InstanceId });
            // A department's applications (the list's side): fire's 50,000 tasks at 1M were 50,000 heap fetches, 0.46 s a page.
            e.HasIndex(x => new { x.Department, x.InstanceId });
            // The done tab (已办): a department's completed tasks, most recently handled first, walked backwards to the page.
            // Partial, so that the open tasks the stimuli write and update do not maintain it.
            e.HasIndex(x => new { x.Department, x.CompletedAt, x.Id }, "IX_tasks_department_done_completed")
                .HasFilter("status = 'Completed'");
            e.Property(x => x.AssignedFor).HasMaxLength(128);
            e.Property(x => x.DelegatedBy).HasMaxLength(128);
            e.Property(x => x.DelegateOutcome).HasMaxLength(32);
            e.Property(x => x.ParentTaskId).HasMaxLength(64);
            e.Property(x => x.SignMode).HasMaxLength(16);
            e.Property(x => x.HeldOutcome).HasMaxLength(32);
            e.Property(x => x.HeldBy).HasMaxLength(128);
            e.HasIndex(x => x.ParentTaskId);
        });
        b.Entity<Tasks.TaskCopyRecord>(e =>
        {
            e.ToTable("task_copies");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.TaskId).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Recipient).HasMaxLength(128);
            e.Property(x => x.SentBy).HasMaxLength(128);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.ReadBy).HasMaxLength(128);
            e.HasIndex(x => new { x.Recipient, x.SentAt });
            e.HasIndex(x => x.TaskId);
            // Need-to-know (ApplicationAccess.Visible) asks, for an application a reviewer opens, whether a copy of it was
            // sent to them: without it that was a scan of every copy ever sent (StimulusScaleTests).
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<Tasks.CorrectionNoticeRecord>(e =>
        {
            e.ToTable("correction_notices");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.BookmarkId).HasMaxLength(64);
            e.Property(x => x.RequestedBy).HasMaxLength(64);
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<Deadlines.DeadlineRecord>(e =>
        {
            e.ToTable("deadlines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Label).HasMaxLength(256);
            e.Property(x => x.TaskId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Outcome).HasMaxLength(32);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.TaskId);
            // Timeliness reports scan completed deadlines by completion date, and open ones by due date.
            e.HasIndex(x => new { x.CompletedOn, x.DefinitionId });
            e.HasIndex(x => new { x.CompletedAt, x.DueDate });
        });
        b.Entity<Outbox.OutboxRecord>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Channel).HasMaxLength(32);
            e.Property(x => x.Recipient).HasMaxLength(128);
            e.Property(x => x.Topic).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.IdempotencyKey).HasMaxLength(128);
            e.Property(x => x.LockedBy).HasMaxLength(256);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Channel, x.DeliveredAt, x.NextAttemptAt });
            e.HasIndex(x => new { x.Recipient, x.CreatedAt });
        });
        b.Entity<Live.LiveEventRecord>(e =>
        {
            e.ToTable("live_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Audience).HasMaxLength(128);
        });
        b.Entity<Seals.SealRecord>(e =>
        {
            e.ToTable("seals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Profile).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.CurrentKeyId).HasMaxLength(80);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
        b.Entity<Seals.SealKeyRecord>(e =>
        {
            e.ToTable("seal_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(80);
            e.Property(x => x.SealId).HasMaxLength(64);
            e.HasIndex(x => x.SealId);
        });
        b.Entity<Seals.SealedDocumentRecord>(e =>
        {
            e.ToTable("sealed_documents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<Seals.CertificateRecord>(e =>
        {
            e.ToTable("certificates");
            e.HasKey(x => x.Number);
            e.Property(x => x.Number).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Holder).HasMaxLength(256);
            e.Property(x => x.HolderId).HasMaxLength(18);
            e.HasIndex(x => x.HolderId);
            e.Property(x => x.RevokedBy).HasMaxLength(128);
            e.Property(x => x.RevocationReason).HasMaxLength(2000);
            e.Property(x => x.RevocationCode).HasMaxLength(64);
            e.Property(x => x.ReplacedBy).HasMaxLength(64);
            e.Property(x => x.Replaces).HasMaxLength(64);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<Licences.DeliveryRecord>(e =>
        {
            e.ToTable("deliveries");
            e.HasKey(x => x.CertificateNumber);
            e.Property(x => x.CertificateNumber).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Method).HasMaxLength(16);
            e.Property(x => x.Recipient).HasMaxLength(128);
            e.Property(x => x.Phone).HasMaxLength(32);
            e.Property(x => x.Address).HasMaxLength(500);
            e.Property(x => x.Courier).HasMaxLength(64);
            e.Property(x => x.TrackingNumber).HasMaxLength(64);
            e.Property(x => x.RecordedBy).HasMaxLength(128);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<Instances.FileNumberCounterRecord>(e =>
        {
            e.ToTable("file_number_counters");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(64);
        });
        b.Entity<Supervision.SupervisionPushRecord>(e =>
        {
            e.ToTable("supervision_pushes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.AcknowledgedBy).HasMaxLength(128);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.Department, x.CreatedAt });
            e.HasIndex(x => x.InstanceId);
            // The pending pushes of a department, oldest first: the page's default tab and the menu's count walk only these,
            // not the years of acknowledged ones beside them.
            e.HasIndex(x => new { x.Department, x.CreatedAt, x.Id }, "IX_supervision_pushes_pending")
                .HasFilter("acknowledged_at IS NULL");
        });
        b.Entity<Audit.AuditRecord>(e =>
        {
            e.ToTable("audit");
            e.HasKey(x => x.Id);
            e.Property(x => x.Chain).HasMaxLength(64);
            e.Property(x => x.Actor).HasMaxLength(128);
            e.Property(x => x.Roles).HasMaxLength(128);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(256);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.Chain, x.Sequence }).IsUnique();
            // Auditor searches: by actor or action over a period, newest first.
            e.HasIndex(x => new { x.Actor, x.Timestamp });
            e.HasIndex(x => new { x.Action, x.Timestamp });
            e.HasIndex(x => x.Timestamp);
        });
        b.Entity<Audit.AuditHeadRecord>(e =>
        {
            e.ToTable("audit_heads");
            e.HasKey(x => x.Chain);
            e.Property(x => x.Chain).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
        b.Entity<Access.AccessRecord>(e =>
        {
            e.ToTable("access_log");
            e.HasKey(x => x.Id);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Actor).HasMaxLength(128);
            e.Property(x => x.Roles).HasMaxLength(256);
            e.Property(x => x.Department).HasMaxLength(128);
            e.Property(x => x.What).HasMaxLength(128);
            // One row per actor, application, part and minute; auditors search by application or by actor and time.
            e.HasIndex(x => new { x.InstanceId, x.Actor, x.What, x.Minute }).IsUnique();
            e.HasIndex(x => new { x.Actor, x.ReadAt });
            e.HasIndex(x => x.ReadAt);
        });
        b.Entity<Tasks.MaterialRecord>(e =>
        {
            e.ToTable("materials");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.FileName).HasMaxLength(256);
            e.Property(x => x.ContentType).HasMaxLength(128);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.UploadedBy).HasMaxLength(128);
            e.HasIndex(x => new { x.InstanceId, x.Name });
        });
        Evaluations.CareModel.Configure(b);
        Archiving.ArchiveModel.Configure(b);

        Organisation.OrganisationModel.Configure(b);
        Intake.AcceptanceModeModel.Configure(b);
        b.Entity<Calendar.HolidayYearRecord>(e =>
        {
            e.ToTable("holiday_years");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Format).HasMaxLength(16);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.UploadedBy).HasMaxLength(128);
            e.Property(x => x.AppliedBy).HasMaxLength(128);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.Year, x.Version }).IsUnique();
        });

        // snake_case columns so hand-written SQL (row claiming) reads naturally on PostgreSQL.
        foreach (var entity in b.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
