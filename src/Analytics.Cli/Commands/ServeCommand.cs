using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Analytics.Aws;
using Analytics.Export;
using Analytics.Export.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Cli.Commands;

/// <summary><c>analytics serve --schedule CRON</c>: the export as a hosted, scheduled worker (graceful on SIGTERM).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the export on a cron schedule (UTC) under the generic host; SIGTERM checkpoints and stops.");
        var schedule = new Option<string>("--schedule") { Description = "Five-field cron expression in UTC, e.g. \"0 2 * * *\".", DefaultValueFactory = _ => "0 2 * * *" };
        command.Options.Add(schedule);
        var options = new ExportCliOptions(command);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (!options.TryCollect(parse, out var values))
            {
                return ExitCodes.Usage;
            }
            CronSchedule cron;
            ExportOptions export;
            AwsClientOptions aws;
            try
            {
                cron = CronSchedule.Parse(parse.GetValue(schedule));
                (export, aws) = ExportSettings.Load(null, values);
                using var probe = new AwsClientFactory(aws);
            }
            catch (Exception e) when (e is ValidationException or AwsConfigurationException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }).AddFilter("Analytics.Aws", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddHostedService(sp => new ScheduledExportService(cron, export, aws, sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
            using var host = builder.Build();
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
