using ApprovalEngine.Persistence.Instances;

namespace ApprovalEngine.Persistence.Access;

/// <summary>Need-to-know: the one place that decides which applications (instances) a staff member may read.</summary>
public sealed class ApplicationAccess
{
    public const string DepartmentRequired = ErrorCodes.DepartmentRequired;

    /// <summary>A reviewer's every view is of their department; without the claim there is nothing to show.</summary>
    public static void RequireDepartment(Actor actor)
    {
        if (Has(actor, "reviewer") && string.IsNullOrWhiteSpace(actor.Department) && !SeesAll(actor) && !Has(actor, "clerk"))
            throw new ForbiddenException("Your reviewer token has no 'department' claim; ask for a token naming your department.", DepartmentRequired, "department");
    }

    public static bool SeesAll(Actor actor) => Has(actor, "admin") || Has(actor, "auditor");

    private static bool Has(Actor actor, string role) => actor.Roles.Contains(role);
}
