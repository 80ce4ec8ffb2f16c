using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>The number of rows a paged list matches, for its "total" (a count query only when the page cannot tell).</summary>
public static class PageTotals
{
    /// <summary>
    /// Read the page first: a page that is not full is the last one, so the total is its offset plus what it holds (for the
    /// first page even when empty), and only a full page, or an empty one past the first, needs the count. Most lists are
    /// short (a department's inbox, one application's tasks, an applicant's own cases): one round trip instead of two.
    /// </summary>
    public static async Task<int> TotalAsync<T>(IQueryable<T> query, int offset, int pageSize, int onPage, CancellationToken ct) =>
        Known(offset, pageSize, onPage) ?? await query.CountAsync(ct);

    /// <summary>Page <paramref name="page"/> (from 0) of an ordered list and its total, the count asked only when the page cannot tell.</summary>
    public static async Task<(List<T> Rows, int Total)> PageAsync<T>(IQueryable<T> ordered, int page, int pageSize, CancellationToken ct)
    {
        var rows = await ordered.Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows, await TotalAsync(ordered, page * pageSize, pageSize, rows.Count, ct));
    }

    /// <summary>The total when the page tells it (a page that is not full is the last one); null when it must be counted.</summary>
    public static int? Known(int offset, int pageSize, int onPage) => onPage < pageSize && (onPage > 0 || offset == 0) ? offset + onPage : null;
}
