// Every check `labs doctor` runs, in the order it reports them.

import type { DoctorCheck } from "../types.js";
import { containersInsecureCheck } from "./containers-insecure.js";
import { diskCheck } from "./disk.js";
import { dockerEngineCheck } from "./docker-engine.js";
import { enginePushCheck } from "./engine-push.js";
import { labRegistryCheck } from "./lab-registry.js";
import { nodeCheck } from "./node.js";
import { portCheck } from "./port.js";
import { toolChecks } from "./tools.js";

// The checks of one run: the basics first, then the registry and its reachability, then the tools.
export function doctorChecks(): DoctorCheck[] {
  return [
    nodeCheck,
    diskCheck,
    dockerEngineCheck,
    labRegistryCheck,
    portCheck,
    enginePushCheck,
    containersInsecureCheck,
    ...toolChecks(),
  ];
}
