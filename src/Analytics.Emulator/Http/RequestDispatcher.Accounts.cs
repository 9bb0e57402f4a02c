using Analytics.Emulator.World;

namespace Analytics.Emulator.Http;

internal sealed partial class RequestDispatcher
{
    /// <summary>Who static (non-STS) keys sign as: a user of the home account.</summary>
    private static string StaticPrincipal(AccountRecord account) => $"arn:aws:iam::{account.AccountId}:user/analytics-exporter";

    /// <summary>A service the world disables in this unit answers AccessDenied, as under a region-deny SCP.</summary>
    private static void CheckNotDenied(WorldUnit unit, ApiService service, string operation, string principal)
    {
        var serviceName = service == ApiService.StepFunctions ? "states" : "lambda";
        if (unit.DisabledServices.Contains(serviceName))
        {
            throw new ApiException("AccessDeniedException", service == ApiService.StepFunctions ? 400 : 403,
                $"User: {principal} is not authorized to perform: {serviceName}:{operation} in {unit.Region} "
                + "with an explicit deny in a service control policy");
        }
    }
}
