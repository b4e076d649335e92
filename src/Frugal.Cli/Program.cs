return await Frugal.Cli.Cli.RunAsync(args);
