"""What matters to each budget holder and for their health, their contingency plan and
their risks, as written with their care coordinator (made-up people)."""

from phb.demo.pilot_plans.shapes import About, Risk

ABOUT: dict[str, About] = {
    "budget 1": About(
        "Carys and me getting our life back, so that she is my wife again and not my carer. "
        "Driving to the allotment and the rugby club on my own.",
        "Keeping the panic attacks down so that I can go out alone; sleeping better.",
        "If the panic gets bad I use the breathing from the course and ring my care "
        "coordinator; out of hours, the crisis line. Carys knows my early signs and will ring "
        "them if I can’t.",
        (
            Risk(
                "Panic attacks when out alone, especially driving",
                "Breathing techniques from the course; the sat nav takes away the worry of "
                "getting lost; short trips first",
                "Me, with my care coordinator",
            ),
            Risk(
                "Carys wearing herself out",
                "The personal assistant’s hours give her time to herself; a carer’s assessment",
                "Care coordinator",
            ),
        ),
    ),
    "budget 2": About(
        "Getting my van back on the road, getting back to work as a mechanic, and something "
        "to do with my evenings besides sitting with my thoughts.",
        "Fewer trips to A&E. Getting through the bad nights without hurting myself or taking "
        "too many tablets.",
        "When I notice the warning signs on my safety plan I ring my care coordinator, or the "
        "crisis team at night. My brother Kit holds my tablets and will come round.",
        (
            Risk(
                "Overdose or self-harm when low, late at night",
                "Safety plan; Kit holds my medication; the crisis line; counselling",
                "Me, Kit and my care coordinator",
            ),
            Risk(
                "The money for the van going on other things",
                "The garage is paid straight from the direct payment account; receipts kept",
                "Me, checked by my care coordinator",
            ),
        ),
    ),
    "budget 3": About(
        "Tamsin and Jago, and being the mum I want to be. A space at home where they can play "
        "while I get on with things. Working again one day.",
        "Keeping my stress and anxiety at a level I can manage, and not letting my low moods "
        "spill over onto the children.",
        "If I feel things slipping I ring my care coordinator, and Mum has the children for a "
        "few days. Out of hours I ring the crisis line.",
        (
            Risk(
                "Stress building until I can’t cope with the children",
                "Massage and relaxation; Mum as back-up; more contact with the team when I need it",
                "Me and my husband, with my care coordinator",
            ),
            Risk(
                "The building work costing more than planned",
                "A fixed quote agreed before work starts; anything over comes from our own money",
                "My husband",
            ),
        ),
    ),
    "budget 4": About(
        "Moving without the aches, getting back to my art group, and feeling like myself "
        "rather than a list of side effects.",
        "The stiffness and pain the antidepressant gives me; coming down on it slowly with my "
        "doctor; needing the team less.",
        "If my mood drops I tell my care coordinator and we see my psychiatrist sooner. I won’t "
        "stop my tablets on my own. Jen will check on me.",
        (
            Risk(
                "My mood falling as the medication comes down",
                "Reduce slowly with the psychiatrist; mood diary; an early appointment if it drops",
                "My psychiatrist, my care coordinator and me",
            ),
            Risk(
                "Injury from the exercise",
                "The trainer and the physiotherapist agree the exercises",
                "Physiotherapist",
            ),
        ),
    ),
    "budget 5": About(
        "Keeping in touch with my friends and family, keeping my diary so I don’t miss things, "
        "and learning something so that I can help people who’ve been where I’ve been.",
        "Staying well on the lowest dose that works; keeping my routine so the voices stay quiet.",
        "If the voices get louder or I stop sleeping I ring my care coordinator the same day. "
        "My relapse plan is on my tablet and my sister has a copy.",
        (
            Risk(
                "Relapse if the medication comes down too quickly",
                "Small steps agreed at psychiatric review; relapse plan shared with my sister",
                "My psychiatrist and care coordinator",
            ),
            Risk(
                "The stress of college bringing on symptoms",
                "My tutor knows; I can drop to fewer classes",
                "Me, with my care coordinator",
            ),
        ),
    ),
    "budget 6": About(
        "Feeling good about how I look, losing weight to turn my diabetes round, and not "
        "having to keep going back to the team.",
        "My weight and my type 2 diabetes; my low mood and how I feel about myself.",
        "If I stop getting up or stop eating properly, Rhys rings the team. I ring my care "
        "coordinator if my mood has been low for more than a week.",
        (
            Risk(
                "Low mood if the weight doesn’t come off quickly",
                "Small targets, talked through at each review",
                "Me and my care coordinator",
            ),
            Risk(
                "Complications of my diabetes",
                "The GP and diabetes nurse keep checking; the shiatsu practitioner knows about it",
                "My GP",
            ),
        ),
    ),
    "budget 7": About(
        "Staying in my own flat, and somewhere safe to go when a crisis is coming that isn’t a "
        "hospital ward.",
        "Getting through a crisis without going into hospital; keeping myself safe when the "
        "suicidal thoughts come.",
        "When I feel a crisis coming I ring the care home to book a stay and tell my care "
        "coordinator. If I can’t keep myself safe I ring the crisis team or 999.",
        (
            Risk(
                "Suicidal thoughts in a crisis",
                "Safety plan; a respite stay booked early; the crisis team when needed",
                "Me, my care coordinator and the crisis team",
            ),
            Risk(
                "No respite bed free when I need one",
                "Two homes agreed; the crisis team as back-up",
                "Care coordinator",
            ),
        ),
    ),
    "budget 8": About(
        "Time away to get my head straight, someone to help me get out and do normal things, "
        "and playing football again.",
        "Staying out of hospital; fewer crises; not hurting myself or taking overdoses.",
        "When I feel it building I ring my care coordinator or the crisis team. My PA knows my "
        "signs and will ring them with me. If I’ve taken anything I go to A&E.",
        (
            Risk(
                "Overdose or self-harm in a crisis",
                "Weekly prescriptions; my PA and care coordinator watch for the signs; the "
                "crisis team",
                "Care coordinator, the crisis team and me",
            ),
            Risk(
                "Isolation when my PA is on leave",
                "Cover from the PA agency; extra contact with the team",
                "Care coordinator",
            ),
        ),
    ),
    "budget 9": About(
        "Work, and becoming part of society again. In the long run, living on my own, "
        "independent from my family. Helping others who hear voices.",
        "Staying well with fewer admissions; coming down on my medication; the team there when "
        "I need them, but less often.",
        "If I hear the voices more or stop sleeping I ring my care coordinator and we see the "
        "psychiatrist early. Mum has my relapse plan. In a crisis I ring the crisis team.",
        (
            Risk(
                "Relapse under the pressure of studying or moving",
                "Go at my own pace; relapse plan; my support worker",
                "Me, my support worker and my care coordinator",
            ),
            Risk(
                "Wearing myself out by doing too much",
                "My support worker helps me plan the week with rest in it",
                "My support worker",
            ),
        ),
    ),
    "budget 10": About(
        "Getting fit, giving up smoking, feeling better about myself, and getting a job.",
        "My weight and fitness; smoking; the depression that keeps me indoors; needing the "
        "team less.",
        "If I stop going out or stop looking after myself I ring my care coordinator. Dad will "
        "ring them if he notices first.",
        (
            Risk(
                "Low mood stopping me going",
                "The gym with my cousin; my care coordinator checks in each month",
                "Me and my care coordinator",
            ),
            Risk(
                "Smoking again under stress",
                "A booster hypnotherapy session; exercise instead",
                "Me",
            ),
        ),
    ),
    "budget 11": About(
        "Seeing my family in Cornwall, having people around me, and helping others through "
        "what I went through.",
        "Keeping my moods manageable; relying less on services; never going back to where I "
        "was before hospital.",
        "If the early signs come back I ring my care coordinator the same day and we bring the "
        "psychiatrist in. My family know the signs. In a crisis I ring the crisis team.",
        (
            Risk(
                "Relapse of psychosis",
                "Relapse plan shared with my family; an early psychiatric review",
                "My care coordinator and psychiatrist",
            ),
            Risk(
                "Suicidal thoughts when unwell",
                "Safety plan; the crisis team; my family",
                "Me, my family and the crisis team",
            ),
        ),
    ),
    "budget 12": About(
        "Getting rid of the pain in my neck and back, getting out of the flat, and finding "
        "other ways through the bad days.",
        "My back and neck pain; self-harm; fewer trips to A&E; staying off the drink.",
        "If I feel like harming myself I use my distraction box and ring my PA or the crisis "
        "line. If I’ve hurt myself I go to A&E. The trust holds the budget, so the money is "
        "never in my hands when I’m struggling.",
        (
            Risk(
                "Self-harm",
                "Distraction box; my PA’s visits; the crisis line",
                "Me, my PA and my care coordinator",
            ),
            Risk(
                "Money going on drink",
                "A third-party budget held by Northshire Wellbeing Trust: no cash in my hands",
                "Northshire Wellbeing Trust",
            ),
        ),
    ),
}
