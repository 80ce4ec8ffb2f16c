using ApprovalEngine.Host.Auth;

namespace ApprovalEngine.Host.Studio;

/// <summary>Elsa Studio hosting: the designer's static files, our pages around it, and the Elsa API subset it calls.</summary>
public static class StudioSetup
{
    public const string ElsaApiPrefix = "/elsa/api";

    public static void MapStudio(this WebApplication app)
    {
        var options = app.Configuration.GetSection("Studio").Get<StudioOptions>() ?? new StudioOptions();
        var assets = StudioAssets.Locate(options, app.Environment.ContentRootPath, app.Logger);
        assets.Map(app);
        app.MapStudioPages(assets);

        // Studio sends the signed-in user's token as "Authorization: Bearer"; every call needs a staff role.
        var api = app.MapGroup(ElsaApiPrefix).WithTags("Elsa Studio API").RequireAuthorization(Policies.Staff).ExcludeFromDescription();
        api.MapElsaDescriptors();
        api.MapElsaDefinitions();
        api.MapElsaInstances();
    }
}
