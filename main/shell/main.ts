// Electron entry point: wired up by main/shell modules (see README, "Project layout").
import { app } from 'electron';

app.whenReady().then(() => undefined);
