// A worker that cannot even load, as when its script or a module it needs is missing.
throw new Error('cannot load the parser');
