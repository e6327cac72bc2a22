/** A short screenplay of our own (3 scenes, 3 characters, V.O., O.S., dual dialogue, transitions, a note), used by the Fountain tests. */
export const LIGHTHOUSE = `Title: The Last Keeper
Author: Test Writer

FADE IN:

EXT. CLIFF PATH - DAY #1#

= Mara comes back to the lighthouse after twenty years.

Wind flattens the grass. MARA (60s, yellow raincoat) climbs the path.
The lighthouse stands white against the cloud.

[[Drone plate needed for this one]]

MARA (V.O.)
(quietly)
It's still turning.

DISSOLVE TO:

INT. LIGHTHOUSE - LAMP ROOM - DUSK #2#

The great lens turns. TOMAS, the keeper, wipes the glass. Mara steps in behind him.

TOMAS
You came back.

MARA
Someone had to.

DR. OKAFOR (O.S.)
Tomas! The radio!

SMASH CUT TO:

.RADIO ROOM

DR. OKAFOR bends over the set, headphones on.

DR. OKAFOR
The boat is not coming.

TOMAS
Then we wait.

MARA ^
Then we wait.

FADE TO BLACK.
`;
