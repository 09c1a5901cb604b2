import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('headroom', {});
